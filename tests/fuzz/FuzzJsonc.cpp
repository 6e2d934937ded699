//===- FuzzJsonc.cpp - JSON with comments: the parser and its edits -------===//
//
// A settings.json as a user wrote it (comments, trailing commas, or not
// JSON at all). The parser never crashes and every node lies inside the
// text; on a document without problems, setting a value and removing it are
// edits whose result parses cleanly and holds exactly what was set.
//
//===----------------------------------------------------------------------===//
#include "jsonc/Jsonc.h"

#include "FuzzCheck.h"

#include <string_view>

using namespace cgols;

namespace {

void within(const jsonc::Node &N, std::size_t Size, int Depth = 0) {
  FUZZ_CHECK(N.Begin <= N.End && N.End <= Size);
  if (Depth > 200)
    return;
  for (const jsonc::Member &M : N.Members) {
    FUZZ_CHECK(M.KeyBegin <= M.KeyEnd && M.KeyEnd <= Size);
    within(M.value(), Size, Depth + 1);
  }
  for (const jsonc::Node &I : N.Items)
    within(I, Size, Depth + 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  jsonc::Document D = jsonc::parse(Text);
  for (const jsonc::Problem &P : D.Problems)
    FUZZ_CHECK(P.Begin <= P.End && P.End <= Size);
  if (D.Root)
    within(*D.Root, Size);
  (void)jsonc::inferStyle(Text);
  if (!D.Problems.empty())
    return 0;
  const jsonc::Path P = {std::string("go.toolsEnvVars"),
                         std::string("CGO_CFLAGS_ALLOW")};
  boost::json::value V = "-fplugin=x\\.so";
  std::optional<jsonc::Edit> E = jsonc::set(Text, P, V);
  if (!E)
    return 0;
  FUZZ_CHECK(E->Begin <= E->End && E->End <= Size);
  std::string After = jsonc::applyEdit(Text, *E);
  jsonc::Document D2 = jsonc::parse(After);
  FUZZ_CHECK(D2.Problems.empty() && D2.Root);
  const jsonc::Node *N = jsonc::find(*D2.Root, P);
  FUZZ_CHECK(N && N->toJSON() == V);
  std::optional<jsonc::Edit> R = jsonc::remove(After, P);
  FUZZ_CHECK(R);
  jsonc::Document D3 = jsonc::parse(jsonc::applyEdit(After, *R));
  FUZZ_CHECK(D3.Problems.empty());
  // remove takes the member find names, the last of duplicate keys (as VS
  // Code reads them): without duplicates on the path, nothing is left.
  auto Count = [](const jsonc::Node &Obj, const std::string &Key) {
    std::size_t N = 0;
    for (const jsonc::Member &M : Obj.Members)
      N += M.Key == Key;
    return N;
  };
  const jsonc::Node *Env = jsonc::find(*D2.Root, {P[0]});
  if (Count(*D2.Root, "go.toolsEnvVars") == 1 &&
      Count(*Env, "CGO_CFLAGS_ALLOW") == 1)
    FUZZ_CHECK(!D3.Root || !jsonc::find(*D3.Root, P));
  return 0;
}
