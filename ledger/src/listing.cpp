#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>
#include <cordon/ledger/ledger.hpp>

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <mutex>

namespace cordon::ledger {

namespace {

std::string lower_extension(const std::string& path) {
    const auto dot = path.rfind('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string xlsx_bytes(const std::vector<NamedTable>& tables, const std::string& path) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    static std::atomic<int> counter{0};
    const std::string mem = "/vsimem/cordon-ledger-" + std::to_string(counter++) + ".xlsx";
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
        if (!driver) throw Error(path + ": GDAL has no XLSX driver");
        GDALDatasetUniquePtr ds(driver->Create(mem.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw Error(path + ": " + CPLGetLastErrorMsg());
        for (const NamedTable& t : tables) {
            OGRLayer* layer = ds->CreateLayer(t.name.c_str(), nullptr, wkbNone, nullptr);
            if (!layer) throw Error(path + ": " + CPLGetLastErrorMsg());
            for (const auto& c : t.table.columns) {
                OGRFieldDefn f(c.c_str(), OFTString);
                if (layer->CreateField(&f) != OGRERR_NONE)
                    throw Error(path + ": " + CPLGetLastErrorMsg());
            }
            for (const auto& row : t.table.rows) {
                OGRFeature f(layer->GetLayerDefn());
                for (std::size_t i = 0; i < row.size(); ++i)
                    if (!row[i].empty()) f.SetField(static_cast<int>(i), row[i].c_str());
                if (layer->CreateFeature(&f) != OGRERR_NONE)
                    throw Error(path + ": " + CPLGetLastErrorMsg());
            }
        }
    }
    vsi_l_offset size = 0;
    GByte* data = VSIGetMemFileBuffer(mem.c_str(), &size, TRUE);
    if (!data) throw Error(path + ": GDAL wrote no XLSX");
    std::string bytes(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    CPLFree(data);
    return bytes;
}

} // namespace

void write_tables(const std::vector<NamedTable>& tables, const std::string& path) {
    const std::string ext = lower_extension(path);
    if (ext == "csv") {
        std::string out = "\xEF\xBB\xBF";
        auto line = [&](const std::vector<std::string>& cells) {
            for (std::size_t i = 0; i < cells.size(); ++i)
                out += (i ? "," : "") + csv_cell(cells[i]);
            out += "\r\n";
        };
        for (std::size_t i = 0; i < tables.size(); ++i) {
            if (tables.size() > 1) {
                if (i > 0) out += "\r\n";
                line({tables[i].name});
            }
            line(tables[i].table.columns);
            for (const auto& row : tables[i].table.rows)
                line(row);
        }
        geo::write_output(path, out);
    } else if (ext == "xlsx") {
        geo::check_output_path(path);
        geo::write_output(path, xlsx_bytes(tables, path));
    } else {
        throw InputError(path + ": write the list as .csv or .xlsx");
    }
}

void write_listing(const HouseholdListing& listing, const std::string& path) {
    write_tables({{"households", listing}}, path);
}

} // namespace cordon::ledger
