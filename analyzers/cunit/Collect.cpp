//===- Collect.cpp - Where a header came in -------------------------------===//
#include "Collect.h"

namespace cgols {

using detail::includeNameEnd;

bool isMainFile(const clang::SourceManager &SM, clang::FileID FID) {
  return FID.isValid() &&
         (FID == SM.getMainFileID() || FID == SM.getPreambleFileID());
}

std::optional<std::pair<std::size_t, std::size_t>>
includeSite(const clang::SourceManager &SM, clang::FileID FID,
            const IncludeTable *Includes) {
  clang::FileID Cur = FID;
  while (Cur.isValid() && !isMainFile(SM, Cur)) {
    clang::SourceLocation Inc = SM.getIncludeLoc(Cur);
    if (Inc.isInvalid())
      return std::nullopt;
    Inc = SM.getFileLoc(Inc);
    clang::FileID Up = SM.getFileID(Inc);
    if (isMainFile(SM, Up)) {
      if (Includes && (Includes->Building || SM.isLoadedFileID(Cur)))
        if (auto FE = SM.getFileEntryRefForID(Cur))
          for (const IncludeTable::Site &S : Includes->Sites)
            if (S.File == FE->getName())
              return std::make_pair(S.Begin, S.End);
      std::size_t B = SM.getFileOffset(Inc);
      return std::make_pair(B, includeNameEnd(SM, Up, B));
    }
    Cur = Up;
  }
  return std::nullopt;
}

} // namespace cgols
