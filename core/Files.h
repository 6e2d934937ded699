//===- Files.h - Writing cgols's own cache files --------------------------===//
//
// The one way cgols writes a file of its own (the link and header index
// caches, the notices shown): to a temporary name beside it, then renamed
// over it, so that a reader (another cgols, at the same moment) never sees
// half a file. Never used for a user's file: those change through the
// editor (workspace/applyEdit).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace cgols {

/// Writes Bytes to Path through a temporary file and a rename (mode 0666
/// less the umask). False when it could not; then Path is as it was.
bool writeFileAtomically(const std::string &Path, std::string_view Bytes);

} // namespace cgols
