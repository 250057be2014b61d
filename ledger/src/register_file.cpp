#include <cordon/geo/error.hpp>
#include <cordon/ledger/register_file.hpp>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace cordon::ledger {

namespace {

/// Header words for each role: a header equal to one, or else holding the longest one.
const std::vector<std::pair<std::string, std::vector<std::string>>>& role_words() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> words{
        {"household",
         {"户编号", "户号", "住户编号", "户籍编号", "户码", "household", "household_id", "key"}},
        {"community", {"社区", "社区名称", "所属社区", "community"}},
        {"grid", {"网格", "网格名称", "所属网格", "grid"}},
        {"compound", {"小区", "院落", "小区名称", "院落名称", "小区院落", "compound", "estate"}},
        {"building", {"楼栋", "栋号", "楼栋号", "楼号", "幢号", "building"}},
        {"building_code", {"楼栋编码", "建筑编码", "楼栋代码", "building_code", "building_id"}},
        {"unit", {"单元", "单元号", "unit"}},
        {"room", {"房号", "房间号", "室号", "room"}},
        {"address", {"地址", "住址", "门牌", "门牌号", "详细地址", "现住址", "address"}},
        {"category", {"类别", "住户类别", "户类别", "类型", "档案类别", "category"}},
        {"members", {"人数", "家庭人数", "户人数", "成员数", "在住人数", "members"}},
        {"vacant", {"是否空置", "空置", "vacant"}},
        {"registered", {"登记日期", "登记时间", "日期", "date", "registered"}},
        {"name", {"户主", "姓名", "户主姓名", "name", "head"}},
        {"id_number", {"身份证号", "身份证", "身份证号码", "证件号", "证件号码", "id_number"}},
        {"phone", {"联系电话", "电话", "手机", "手机号", "联系方式", "phone", "mobile"}},
        // A visits file of the screening (排查).
        {"date", {"走访日期", "排查日期", "入户日期", "走访时间", "排查时间", "visit_date"}},
        {"result", {"结果", "排查结果", "走访结果", "入户结果", "见面情况", "result", "status"}},
        {"note", {"备注", "情况说明", "note", "notes", "remarks"}},
    };
    return words;
}

std::string lower_trimmed(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

void trim(std::string& s);

std::string trimmed(std::string s) {
    trim(s);
    return s;
}

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

/// GDAL's spreadsheet drivers read every cell as text and no row as a header: Cordon finds
/// the header itself, below any title rows. The settings are per thread.
class SpreadsheetSettings {
public:
    SpreadsheetSettings() {
        for (const char* d : {"XLSX", "ODS", "XLS"}) {
            set(std::string("OGR_") + d + "_HEADERS", "DISABLE");
            set(std::string("OGR_") + d + "_FIELD_TYPES", "STRING");
        }
    }
    ~SpreadsheetSettings() {
        for (const auto& [key, old] : m_old)
            CPLSetThreadLocalConfigOption(key.c_str(), old ? old->c_str() : nullptr);
    }
    SpreadsheetSettings(const SpreadsheetSettings&) = delete;
    SpreadsheetSettings& operator=(const SpreadsheetSettings&) = delete;

private:
    void set(const std::string& key, const char* value) {
        const char* old = CPLGetThreadLocalConfigOption(key.c_str(), nullptr);
        m_old.emplace_back(key, old ? std::optional<std::string>(old) : std::nullopt);
        CPLSetThreadLocalConfigOption(key.c_str(), value);
    }
    std::vector<std::pair<std::string, std::optional<std::string>>> m_old;
};

/// A sheet's rows of raw cells (bytes as stored).
struct Sheet {
    std::string name;
    std::vector<std::vector<std::string>> rows; ///< every row, empty ones too, in order
};

GDALDatasetUniquePtr open_spreadsheet(const std::string& path, const std::string& file) {
    const char* drivers[] = {"XLSX", "XLS", "ODS", "CSV", nullptr};
    const char* open_options[] = {"HEADERS=NO", "AUTODETECT_TYPE=NO", "KEEP_SOURCE_COLUMNS=NO",
                                  nullptr};
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              drivers, open_options, nullptr));
    if (!ds) {
        const std::string why = CPLGetLastErrorMsg();
        throw InputError(file +
                         ": not a register Cordon can read (an XLSX, XLS, ODS or CSV "
                         "file)" +
                         (why.empty() ? std::string() : ": " + why));
    }
    return ds;
}

std::vector<Sheet> read_sheets(GDALDataset& ds, const std::string& file) {
    std::vector<Sheet> sheets;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        OGRLayer* layer = ds.GetLayer(i);
        Sheet sheet;
        sheet.name = layer->GetName();
        const int fields = layer->GetLayerDefn()->GetFieldCount();
        layer->ResetReading();
        for (auto& feature : *layer) {
            std::vector<std::string> cells(static_cast<std::size_t>(fields));
            for (int f = 0; f < fields; ++f)
                if (feature->IsFieldSetAndNotNull(f))
                    cells[static_cast<std::size_t>(f)] = feature->GetFieldAsString(f);
            sheet.rows.push_back(std::move(cells));
        }
        if (CPLGetLastErrorType() == CE_Failure)
            throw InputError(file + ": sheet '" + sheet.name +
                             "' cannot be read: " + CPLGetLastErrorMsg());
        sheets.push_back(std::move(sheet));
    }
    return sheets;
}

std::string file_bytes(const std::string& file) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    std::string bytes;
    if (in) {
        bytes.resize(static_cast<std::size_t>(in.tellg()));
        in.seekg(0);
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    if (!in) throw InputError(file + ": cannot be read");
    return bytes;
}

/// Bytes GDAL reads as a file of /vsimem/ (its memory), as long as this lives.
class MemoryFile {
public:
    MemoryFile(std::string bytes, const std::string& extension) : m_bytes(std::move(bytes)) {
        static std::atomic<int> counter{0};
        m_path = "/vsimem/cordon-register-" + std::to_string(counter++) + extension;
        VSILFILE* f = VSIFileFromMemBuffer(m_path.c_str(), reinterpret_cast<GByte*>(m_bytes.data()),
                                           m_bytes.size(), FALSE);
        if (!f) throw Error(m_path + ": GDAL cannot make a file in memory");
        VSIFCloseL(f);
    }
    ~MemoryFile() { VSIUnlink(m_path.c_str()); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_bytes;
    std::string m_path;
};

/// Checks every cell of a CSV in `encoding` (asked, or detected from the cells) and recodes
/// them to UTF-8; throws InputError naming the first cell that is not valid. The slow way, cell
/// by cell: for a file whose text as a whole is not valid in the encoding, to say where.
void recode_cells(std::vector<Sheet>& sheets, const std::string& file,
                  const std::optional<geo::TextEncoding>& asked, RegisterTable& t) {
    geo::TextEncoding encoding = geo::TextEncoding::utf8;
    if (asked) {
        encoding = *asked;
        t.encoding = encoding == geo::TextEncoding::gbk ? "GBK" : "UTF-8";
    } else {
        std::vector<std::string> samples;
        for (const Sheet& s : sheets)
            for (const auto& row : s.rows)
                for (const auto& c : row)
                    if (!c.empty()) samples.push_back(c);
        encoding = geo::detect_encoding(samples);
        t.encoding =
            std::string(encoding == geo::TextEncoding::gbk ? "GBK" : "UTF-8") + " (detected)";
    }
    for (Sheet& s : sheets)
        for (std::size_t r = 0; r < s.rows.size(); ++r)
            for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
                std::string& cell = s.rows[r][c];
                const bool valid = encoding == geo::TextEncoding::gbk ? geo::is_valid_gbk(cell)
                                                                      : geo::is_valid_utf8(cell);
                if (!valid) {
                    const bool other = encoding == geo::TextEncoding::gbk ? geo::is_valid_utf8(cell)
                                                                          : geo::is_valid_gbk(cell);
                    throw InputError(
                        file + ", row " + std::to_string(r + 1) + ", column " +
                        std::to_string(c + 1) + ": not valid " +
                        (encoding == geo::TextEncoding::gbk ? "GBK" : "UTF-8") +
                        " text, the encoding asked for" +
                        (other ? std::string("; the file reads as ") +
                                     (encoding == geo::TextEncoding::gbk ? "UTF-8" : "GBK")
                               : std::string()));
                }
                if (encoding == geo::TextEncoding::gbk) cell = geo::gbk_to_utf8(cell);
            }
}

/// The sheets of a register, their text UTF-8. A CSV's text is checked and recoded as a whole
/// (one pass over its bytes, GDAL then reads the UTF-8 from memory); only a file that is not
/// valid in the encoding as a whole is read cell by cell, to name the cell (recode_cells).
std::vector<Sheet> read_text(const std::string& file, const RegisterOptions& options,
                             RegisterTable& t, bool& csv) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw InputError(file + ": no such register file");
    if (std::filesystem::is_directory(file, ec))
        throw InputError(file + ": is a folder, not a register file");
    const SpreadsheetSettings settings;
    GDALDatasetUniquePtr ds = open_spreadsheet(file, file);
    const std::string driver = ds->GetDriver()->GetDescription();
    csv = driver == "CSV";
    if (!csv) {
        t.encoding = "UTF-8 (" + driver + ")";
        return read_sheets(*ds, file);
    }
    const std::string bytes = file_bytes(file);
    const auto& asked = options.encoding;
    const bool detect = !asked.has_value();
    if (asked != geo::TextEncoding::gbk && geo::is_valid_utf8(bytes)) {
        t.encoding = detect ? "UTF-8 (detected)" : "UTF-8";
        return read_sheets(*ds, file);
    }
    if (asked != geo::TextEncoding::utf8) {
        std::optional<std::string> utf8;
        try {
            utf8 = geo::gbk_to_utf8(bytes);
        } catch (const Error&) {
            // Not GBK as a whole: read cell by cell below, to say where.
        }
        if (utf8) {
            ds.reset();
            const MemoryFile copy(std::move(*utf8), ".csv");
            GDALDatasetUniquePtr recoded = open_spreadsheet(copy.path(), file);
            t.encoding = detect ? "GBK (detected)" : "GBK";
            return read_sheets(*recoded, file);
        }
    }
    std::vector<Sheet> sheets = read_sheets(*ds, file);
    recode_cells(sheets, file, asked, t);
    return sheets;
}

/// `s` without white space (and ideographic spaces) at either end, in place.
void trim(std::string& s) {
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) {
        s.clear();
        return;
    }
    s.erase(s.find_last_not_of(" \t\r\n") + 1);
    s.erase(0, a);
    while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0)
        s.resize(s.size() - 3);
    std::size_t lead = 0;
    while (s.compare(lead, 3, "\xE3\x80\x80") == 0)
        lead += 3;
    if (lead) s.erase(0, lead);
}

std::string column_name(const std::vector<std::string>& headers, int column) {
    const std::string& h = headers[static_cast<std::size_t>(column)];
    return h.empty() ? "column " + std::to_string(column + 1) : "'" + h + "'";
}

/// Roles of a header row: the planner's columns, then guesses for the rest.
std::map<std::string, int> assign_roles(const std::vector<std::string>& headers,
                                        const std::map<std::string, std::string>& mapped) {
    std::map<std::string, int> roles;
    std::vector<bool> taken(headers.size());
    for (const auto& [role, header] : mapped)
        for (std::size_t c = 0; c < headers.size() && !header.empty(); ++c)
            if (lower_trimmed(headers[c]) == lower_trimmed(header) && !taken[c]) {
                roles[role] = static_cast<int>(c);
                taken[c] = true;
                break;
            }
    for (std::size_t c = 0; c < headers.size(); ++c) {
        if (taken[c]) continue;
        const auto role = guess_role(headers[c]);
        if (role && !roles.count(*role) && !mapped.count(*role)) {
            roles[*role] = static_cast<int>(c);
            taken[c] = true;
        }
    }
    return roles;
}

} // namespace

bool is_personal_role(const std::string& role) {
    return role == "name" || role == "id_number" || role == "phone";
}

std::optional<std::string> guess_role(const std::string& header) {
    const std::string h = lower_trimmed(header);
    if (h.empty()) return std::nullopt;
    for (const auto& [role, words] : role_words())
        for (const auto& w : words)
            if (h == w) return role;
    std::optional<std::string> best;
    std::size_t longest = 0;
    for (const auto& [role, words] : role_words())
        for (const auto& w : words)
            if (w.size() > longest && w.size() >= 6 && h.find(w) != std::string::npos) {
                best = role;
                longest = w.size();
            }
    return best;
}

std::string RegisterTable::where(int sheet_row, int column) const {
    std::string out = file;
    if (!sheet.empty()) out += ", sheet '" + sheet + "'";
    out += ", row " + std::to_string(sheet_row);
    if (column >= 0) out += ", column " + column_name(headers, column);
    return out;
}

const std::string& RegisterTable::cell(const Row& row, const std::string& role) const {
    static const std::string none;
    auto it = roles.find(role);
    if (it == roles.end() || static_cast<std::size_t>(it->second) >= row.cells.size()) return none;
    return row.cells[static_cast<std::size_t>(it->second)];
}

std::vector<std::string> register_sheets(const std::string& file) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw InputError(file + ": no such register file");
    const SpreadsheetSettings settings;
    GDALDatasetUniquePtr ds = open_spreadsheet(file, file);
    std::vector<std::string> sheets;
    if (std::string(ds->GetDriver()->GetDescription()) == "CSV") return sheets;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        sheets.emplace_back(ds->GetLayer(i)->GetName());
    return sheets;
}

RegisterTable read_register(const std::string& file, const RegisterOptions& options) {
    for (const auto& [role, column] : options.columns)
        if (std::find(register_roles.begin(), register_roles.end(), role) == register_roles.end()) {
            std::string list;
            for (const auto& r : register_roles)
                list += (list.empty() ? "" : ", ") + r;
            throw InputError(file + ": unknown register role '" + role + "' (roles: " + list + ")");
        }
    RegisterTable t;
    t.file = file;
    bool csv = false;
    std::vector<Sheet> sheets = read_text(file, options, t, csv);

    if (!options.sheet.empty()) {
        const auto it = std::find_if(sheets.begin(), sheets.end(),
                                     [&](const Sheet& s) { return s.name == options.sheet; });
        if (it == sheets.end()) {
            std::string list;
            for (const Sheet& s : sheets)
                list += (list.empty() ? "'" : ", '") + s.name + "'";
            throw InputError(file + ": no sheet '" + options.sheet + "' (sheets: " + list + ")");
        }
        std::vector<Sheet> one;
        one.push_back(std::move(*it));
        sheets = std::move(one);
    }

    // The header: the first row within the first 30 of a sheet where two columns have roles
    // (or a mapped column is named); rows above it are titles and notes.
    constexpr std::size_t scan = 30;
    Sheet* found = nullptr;
    std::size_t header = 0;
    std::string seen;
    for (Sheet& s : sheets) {
        for (std::size_t r = 0; r < std::min(scan, s.rows.size()) && !found; ++r) {
            std::vector<std::string> cells;
            for (const auto& c : s.rows[r])
                cells.push_back(trimmed(c));
            const auto roles = assign_roles(cells, options.columns);
            std::size_t named = 0;
            std::size_t mapped = 0; // columns the planner named (an empty one: the role unused)
            for (const auto& [role, column] : options.columns)
                if (!column.empty()) named += roles.count(role), ++mapped;
            if (roles.size() >= 2 || (named > 0 && named == mapped)) {
                found = &s;
                header = r;
            }
        }
        if (found) break;
        for (std::size_t r = 0; r < std::min<std::size_t>(3, s.rows.size()); ++r)
            for (const auto& c : s.rows[r])
                if (!trimmed(c).empty() && seen.size() < 200)
                    seen += (seen.empty() ? "" : ", ") + trimmed(c).substr(0, 40);
    }
    if (!found)
        throw InputError(file + (options.sheet.empty() ? "" : ", sheet '" + options.sheet + "'") +
                         ": no recognisable register columns in the first " + std::to_string(scan) +
                         " rows of any sheet (seen: " + (seen.empty() ? "nothing" : seen) +
                         "); map the columns to roles (household, compound, building, unit, "
                         "room, address…)");
    if (!csv) t.sheet = found->name; // a CSV's one layer is named after the file
    t.header_row = static_cast<int>(header) + 1;
    for (const auto& c : found->rows[header])
        t.headers.push_back(trimmed(c));
    while (!t.headers.empty() && t.headers.back().empty())
        t.headers.pop_back();
    t.roles = assign_roles(t.headers, options.columns);
    for (const auto& [role, column] : options.columns)
        if (!column.empty() && !t.roles.count(role)) {
            std::string list;
            for (const auto& h : t.headers)
                if (!h.empty()) list += (list.empty() ? "" : ", ") + h;
            throw InputError(t.where(t.header_row, -1) + ": no column '" + column +
                             "' (mapped to " + role + "; columns: " + list + ")");
        }
    for (std::size_t r = 0; r < header; ++r)
        if (std::any_of(found->rows[r].begin(), found->rows[r].end(),
                        [](const std::string& c) { return !trimmed(c).empty(); }))
            t.skipped_rows.push_back(static_cast<int>(r) + 1);

    t.rows.reserve(found->rows.size() - header - 1);
    for (std::size_t r = header + 1; r < found->rows.size(); ++r) {
        RegisterTable::Row row;
        row.sheet_row = static_cast<int>(r) + 1;
        row.cells = std::move(found->rows[r]);
        bool any = false;
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            std::string& cell = row.cells[c];
            trim(cell);
            if (cell.size() > max_cell_chars && utf8_length(cell) > max_cell_chars) {
                t.warnings.push_back(t.where(row.sheet_row, static_cast<int>(c)) + ": a cell of " +
                                     std::to_string(utf8_length(cell)) + " characters (more than " +
                                     std::to_string(max_cell_chars) +
                                     " are not register data); left out");
                cell.clear();
            }
            any = any || !cell.empty();
        }
        if (any) t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace cordon::ledger
