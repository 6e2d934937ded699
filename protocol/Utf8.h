//===- Utf8.h - Every string cgols prints is valid UTF-8 ------------------===//
//
// Messages quote bytes of the user's files (#cgo arguments, C names, paths),
// and those may be any bytes. JSON and LSP require UTF-8, so invalid bytes
// are written as Clang writes them in its own diagnostics: <E9>.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace cgols::protocol {

/// True when S is well-formed UTF-8 (no overlong forms, no surrogates).
bool isValidUtf8(std::string_view S);

/// S with every byte that is not part of a well-formed UTF-8 sequence
/// replaced by <XX> (upper-case hex).
std::string escapeInvalidUtf8(std::string_view S);

/// Escapes every string (and object key) in V in place.
void makeValidUtf8(boost::json::value &V);

} // namespace cgols::protocol
