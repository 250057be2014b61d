#pragma once

#include <string>

namespace cordon::geo {

/// SHA-256 of a file's bytes as lowercase hex; throws InputError naming the file.
std::string sha256_file(const std::string& path);

} // namespace cordon::geo
