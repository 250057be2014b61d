#include "pdf_join.hpp"

#include <cordon/geo/error.hpp>

// qpdf 11 without its old PointerHolder (std::shared_ptr throughout).
#define POINTERHOLDER_TRANSITION 4
#include <exception>
#include <fstream>
#include <iterator>
#include <memory>
#include <new>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <string>
#include <string_view>

namespace cordon::render::detail {

namespace {

/// qpdf's output into an OutputFile (its failures, with the system's reason, pass through).
class ToOutputFile : public Pipeline {
public:
    explicit ToOutputFile(geo::OutputFile& out) : Pipeline("cordon output", nullptr), m_out(out) {}
    void write(unsigned char const* data, size_t length) override {
        m_out.write(std::string_view(reinterpret_cast<const char*>(data), length));
    }
    void finish() override {}

private:
    geo::OutputFile& m_out;
};

} // namespace

void join_pdfs(const std::vector<std::string>& files, const std::vector<PdfPage>& order,
               geo::OutputFile& out) {
    const std::string& path = out.target();
    std::string current = path;
    try {
        // The first file becomes the joined one (its pages are not copied, only put in
        // order); the others stay open until it is written: their pages are copied then.
        // Each is read into memory first: qpdf reading objects from a file seeks and reads
        // for each (a quarter of the time).
        std::vector<std::string> contents;
        contents.reserve(files.size());
        std::vector<std::unique_ptr<QPDF>> parts;
        std::vector<std::vector<QPDFPageObjectHelper>> pages;
        for (const auto& file : files) {
            current = file;
            std::ifstream in(file, std::ios::binary);
            const std::string& data = contents.emplace_back(std::istreambuf_iterator<char>(in),
                                                            std::istreambuf_iterator<char>());
            if (!in) throw InputError(file + ": cannot read the atlas's part");
            auto& part = parts.emplace_back(std::make_unique<QPDF>());
            part->processMemoryFile(file.c_str(), data.data(), data.size());
            pages.push_back(QPDFPageDocumentHelper(*part).getAllPages());
        }
        current = path;
        if (parts.empty()) throw Error("no pages");
        QPDFPageDocumentHelper joined(*parts.front());
        for (auto& page : pages.front())
            joined.removePage(page);
        for (const PdfPage& p : order)
            joined.addPage(pages.at(p.file).at(p.page), false);
        ToOutputFile pipeline(out);
        QPDFWriter writer(*parts.front());
        writer.setOutputPipeline(&pipeline);
        writer.setStreamDataMode(qpdf_s_preserve); // no decompressing and compressing again
        writer.write();
    } catch (const InputError&) {
        throw; // a failed write: the output's path and the system's reason
    } catch (const std::bad_alloc&) {
        throw; // said as such by the boundary
    } catch (const std::exception& e) {
        throw InputError(current + ": cannot join the atlas's parts (" + e.what() + ")");
    }
}

} // namespace cordon::render::detail
