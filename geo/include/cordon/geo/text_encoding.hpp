#pragma once
// The two text encodings Cordon meets in Chinese GIS data: UTF-8 (everything inside
// Cordon) and GBK (most Shapefiles and CSVs made by Chinese desktop software).
// Conversions go through glibc iconv.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::geo {

enum class TextEncoding {
    utf8, ///< UTF-8; pure ASCII counts as UTF-8
    gbk,  ///< GBK (Windows code page 936); read as its superset GB18030
};

/// Byte length of the well-formed UTF-8 character that starts `text`, or 0 when `text` is
/// empty or does not start with one (stray continuation byte, overlong form, surrogate,
/// code point above U+10FFFF, or a truncated sequence).
std::size_t utf8_char_size(std::string_view text);

/// True when the whole of `text` is well-formed UTF-8 (see utf8_char_size).
bool is_valid_utf8(std::string_view text);

/// True when the whole of `text` decodes as GBK/GB18030 (as gbk_to_utf8 reads it). Pure
/// ASCII is valid GBK.
bool is_valid_gbk(std::string_view text);

/// Decodes GBK text to UTF-8. It decodes as GB18030 (a superset of GBK), falling back to
/// CP936 for the one byte GB18030 lacks (0x80, the euro sign).
/// \throws cordon::Error naming the offending byte offset if `gbk` is not valid GBK/GB18030.
std::string gbk_to_utf8(std::string_view gbk);

/// Encodes UTF-8 text as GBK (code page 936), as the Shapefile driver writes it.
/// \throws cordon::Error if `utf8` is not valid UTF-8, or names the first character that
///         GBK cannot represent (e.g. emoji, rare CJK extension characters).
std::string utf8_to_gbk(std::string_view utf8);

/// Decodes `text` as `encoding` without failing, as a planner would see it: what is not valid
/// in it becomes U+FFFD (one per byte), so GBK read as UTF-8 shows "ï¿½" marks and UTF-8 read
/// as GBK shows the wrong characters (mojibake). Valid text decodes as gbk_to_utf8 does.
std::string decode_lossy(std::string_view text, TextEncoding encoding);

/// Guesses the encoding of text samples (e.g. all string values of a layer):
/// utf8 when every sample is valid UTF-8, gbk when some sample is not but all decode as
/// GBK/GB18030. An empty list is utf8.
/// \throws cordon::InputError naming the first sample that is neither.
TextEncoding detect_encoding(const std::vector<std::string>& samples);

/// Parses an encoding name as found in a .cpg file or on a command line, ignoring case and
/// surrounding white space: "UTF-8", "utf8", "65001" → utf8; "GBK", "GB18030", "GB2312",
/// "CP936", "936" → gbk. Anything else → nullopt.
std::optional<TextEncoding> encoding_from_name(std::string_view name);

/// The name for the ENCODING open and layer-creation options of GDAL's Shapefile driver:
/// "UTF-8" or "CP936". (GDAL 3.6 writes it into the .cpg file and recodes through iconv.)
const char* gdal_encoding_name(TextEncoding encoding);

} // namespace cordon::geo
