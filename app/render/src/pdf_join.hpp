#pragma once
// Joins PDF files page by page (qpdf), for an atlas drawn on several threads at once.

#include <cordon/geo/output_file.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace cordon::render::detail {

/// A page of one of the files joined: which file, and which page in it (0-based).
struct PdfPage {
    std::size_t file = 0;
    std::size_t page = 0;
};

/// Writes the pages `order` names, in that order, from `files` to `out` (not committed); the
/// document information (title, creator) is the first file's. Page content is copied as written
/// (still compressed), each file keeping its own embedded font subsets. Throws InputError
/// naming the file that cannot be read or written.
void join_pdfs(const std::vector<std::string>& files, const std::vector<PdfPage>& order,
               geo::OutputFile& out);

} // namespace cordon::render::detail
