//===- JsoncTests.cpp - The JSONC parser and its minimal edits ------------===//
//
// Examples in the styles users write settings.json in, then properties over
// generated documents: Boost.JSON (with comments and trailing commas allowed)
// reads every generated text as our parser does, and after every edit the
// value at the path is the one asked for, every other value is unchanged,
// and the bytes outside the edit's span are the original bytes.
//
//===----------------------------------------------------------------------===//
#include "jsonc/Jsonc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

using namespace cgols::jsonc;
using ::testing::HasSubstr;

namespace {

json::value boostParse(const std::string &Text, bool &Ok) {
  json::parse_options O;
  O.allow_comments = true;
  O.allow_trailing_commas = true;
  boost::system::error_code EC;
  json::value V = json::parse(Text, EC, {}, O);
  Ok = !EC;
  return V;
}

std::string edited(const std::string &Text, const std::optional<Edit> &E) {
  EXPECT_TRUE(E) << Text;
  return E ? applyEdit(Text, *E) : Text;
}

TEST(Jsonc, ReadsCommentsTrailingCommasAndBOM) {
  std::string T = "\xEF\xBB\xBF// top\n{\n\t/* a */ \"a\": [1, 2,], // x\n"
                  "\t\"b\": {\"c\": \"\\u00e9\\n\"},\n}\n";
  Document D = parse(T);
  EXPECT_TRUE(D.Problems.empty());
  EXPECT_TRUE(D.HasBOM);
  ASSERT_TRUE(D.Root);
  EXPECT_EQ(D.Root->toJSON(),
            json::parse(R"({"a":[1,2],"b":{"c":"\u00e9\n"}})"));
  const Member *A = D.Root->member("a");
  ASSERT_TRUE(A);
  EXPECT_EQ(T.substr(A->KeyBegin, A->KeyEnd - A->KeyBegin), "\"a\"");
}

TEST(Jsonc, EmptyAndCommentOnlyTextsHaveNoValueAndNoProblem) {
  for (std::string T : {"", "  \n", "// nothing yet\n", "/* x */"}) {
    Document D = parse(T);
    EXPECT_FALSE(D.Root) << T;
    EXPECT_TRUE(D.Problems.empty()) << T;
  }
}

TEST(Jsonc, NotJsonAtAllIsAProblemAndNeverEdited) {
  for (std::string T :
       {"go.goplsArgs = 1\n", "<?xml version=\"1.0\"?>", "{\"a\": 1",
        "{\"a\" 1}", "{\"a\": tru}", "\x7f\x45\x4c\x46\x02\x01", "{} {}",
        "[1 2]", "{\"a\": \"unterminated}\n", "{/* never closed"}) {
    Document D = parse(T);
    EXPECT_FALSE(D.Problems.empty()) << T;
    EXPECT_FALSE(set(T, {std::string("x")}, 1)) << T;
    EXPECT_FALSE(remove(T, {std::string("a")})) << T;
  }
}

TEST(Jsonc, RecoversAndKeepsTheRestOfTheTree) {
  // One bad value: the members around it are still read (for diagnostics).
  Document D = parse("{\n  \"a\": nope,\n  \"go.goplsArgs\": [\"-x\"]\n}\n");
  ASSERT_EQ(D.Problems.size(), 1u);
  EXPECT_EQ(D.Problems[0].Begin, 9u);
  ASSERT_TRUE(D.Root);
  EXPECT_TRUE(D.Root->member("go.goplsArgs"));
}

TEST(Jsonc, DeepNestingIsAProblemNotACrash) {
  std::string T(100000, '[');
  Document D = parse(T);
  EXPECT_FALSE(D.Problems.empty());
}

TEST(Jsonc, DuplicateKeysAreKeptAndTheLastWins) {
  Document D = parse(R"({"a": 1, "a": 2})");
  ASSERT_TRUE(D.Root);
  EXPECT_EQ(D.Root->Members.size(), 2u);
  EXPECT_EQ(D.Root->toJSON().at("a"), 2);
  auto E = set(R"({"a": 1, "a": 2})", {std::string("a")}, 3);
  EXPECT_EQ(edited(R"({"a": 1, "a": 2})", E), R"({"a": 1, "a": 3})");
}

TEST(Jsonc, InsertKeepsTabsCommentsAndTheLastLinesComment) {
  std::string T = "{\n\t// Go\n\t\"go.useLanguageServer\": true // on\n}\n";
  std::string R = edited(T, set(T, {std::string("go.languageServerFlags")},
                                json::array{"-rpc.trace"}));
  EXPECT_EQ(R, "{\n\t// Go\n\t\"go.useLanguageServer\": true, // on\n"
               "\t\"go.languageServerFlags\": [\"-rpc.trace\"]\n}\n");
}

TEST(Jsonc, InsertKeepsTrailingCommaStyleAndCRLF) {
  std::string T = "{\r\n  \"a\": 1,\r\n}\r\n";
  std::string R = edited(T, set(T, {std::string("b")}, "x"));
  EXPECT_EQ(R, "{\r\n  \"a\": 1,\r\n  \"b\": \"x\",\r\n}\r\n");
}

TEST(Jsonc, InsertCreatesNestedObjects) {
  std::string T = "{\n    \"gopls\": {\n        \"ui.semanticTokens\": true\n"
                  "    }\n}\n";
  std::string R = edited(T, set(T,
                                {std::string("gopls"), std::string("build.env"),
                                 std::string("CGO_ENABLED")},
                                "1"));
  EXPECT_EQ(R, "{\n    \"gopls\": {\n        \"ui.semanticTokens\": true,\n"
               "        \"build.env\": {\n            \"CGO_ENABLED\": \"1\"\n"
               "        }\n    }\n}\n");
}

TEST(Jsonc, InsertIntoEmptyObjectAndEmptyFile) {
  EXPECT_EQ(edited("{}", set("{}", {std::string("a")}, 1)),
            "{\n    \"a\": 1\n}");
  EXPECT_EQ(edited("", set("", {std::string("a"), std::string("b")}, "x")),
            "{\n    \"a\": {\n        \"b\": \"x\"\n    }\n}\n");
  std::string C = "// my settings\n";
  EXPECT_EQ(edited(C, set(C, {std::string("a")}, 1)),
            "// my settings\n{\n    \"a\": 1\n}\n");
}

TEST(Jsonc, AppendToArrays) {
  std::string T = R"({"f": ["-rpc.trace"]})";
  EXPECT_EQ(edited(T, set(T, {std::string("f"), Append}, "serve")),
            R"({"f": ["-rpc.trace", "serve"]})");
  std::string E = R"({"f": []})";
  EXPECT_EQ(edited(E, set(E, {std::string("f"), Append}, "serve")),
            R"({"f": ["serve"]})");
}

TEST(Jsonc, ReplaceIsTheValueOnly) {
  std::string T = "{\n  \"a\": /* keep */ 1, // keep too\n  \"b\": 2\n}";
  auto E = set(T, {std::string("a")}, json::array{"x", "y"});
  ASSERT_TRUE(E);
  EXPECT_EQ(T.substr(E->Begin, E->End - E->Begin), "1");
  EXPECT_EQ(
      applyEdit(T, *E),
      "{\n  \"a\": /* keep */ [\"x\", \"y\"], // keep too\n  \"b\": 2\n}");
}

TEST(Jsonc, RemoveTakesTheLineAndItsComment) {
  std::string T = "{\n  // keep\n  \"a\": 1,\n  \"go.goplsArgs\": [\"x\"], // "
                  "from the web\n  \"b\": 2\n}\n";
  EXPECT_EQ(edited(T, remove(T, {std::string("go.goplsArgs")})),
            "{\n  // keep\n  \"a\": 1,\n  \"b\": 2\n}\n");
  // The last member: the comma before it goes, a comment after it stays.
  std::string L = "{\n  \"a\": 1, // about a\n  \"b\": 2\n}\n";
  EXPECT_EQ(edited(L, remove(L, {std::string("b")})),
            "{\n  \"a\": 1 // about a\n}\n");
}

TEST(Jsonc, RemoveInlineItems) {
  std::string T = R"({"f": ["-rpc.trace", "--no-analyze", "serve"]})";
  EXPECT_EQ(edited(T, remove(T, {std::string("f"), std::size_t(1)})),
            R"({"f": ["-rpc.trace", "serve"]})");
  EXPECT_EQ(edited(T, remove(T, {std::string("f"), std::size_t(0)})),
            R"({"f": ["--no-analyze", "serve"]})");
  std::string One = R"({"f": ["--no-analyze"]})";
  EXPECT_EQ(edited(One, remove(One, {std::string("f"), std::size_t(0)})),
            R"({"f": []})");
}

TEST(Jsonc, PathThroughAScalarIsRefused) {
  std::string T = R"({"gopls": 1})";
  EXPECT_FALSE(set(T, {std::string("gopls"), std::string("build.env")}, 1));
  EXPECT_FALSE(remove(T, {std::string("nothing")}));
}

// --- Properties over generated documents -------------------------------------

struct Gen {
  std::mt19937 R;
  explicit Gen(unsigned Seed) : R(Seed) {}
  int pick(int N) { return std::uniform_int_distribution<int>(0, N - 1)(R); }

  json::value value(int Depth) {
    int K = pick(Depth > 2 ? 4 : 6);
    switch (K) {
    case 0:
      return pick(2) == 0;
    case 1:
      return pick(1000) - 500;
    case 2:
      return nullptr;
    case 3: {
      static const char *Strings[] = {
          "", "x", "-rpc.trace", "a \"q\" b", "é//not a comment", "/*", "\\"};
      return json::string(Strings[pick(7)]);
    }
    case 4: {
      json::array A;
      for (int I = pick(4); I > 0; --I)
        A.push_back(value(Depth + 1));
      return A;
    }
    default: {
      json::object O;
      for (int I = pick(5); I > 0; --I)
        O[key()] = value(Depth + 1);
      return O;
    }
    }
  }
  std::string key() {
    static const char *Keys[] = {"go.toolsEnvVars",
                                 "gopls",
                                 "build.env",
                                 "CGO_ENABLED",
                                 "a",
                                 "b",
                                 "k\"q",
                                 "é"};
    return Keys[pick(8)];
  }

  // A text for V in a random style: indentation, line ends, comments in
  // every gap, trailing commas.
  std::string Indent, Eol;
  std::string gap() {
    switch (pick(6)) {
    case 0:
      return " /* c */ ";
    case 1:
      return " // c" + Eol;
    default:
      return "";
    }
  }
  std::string write(const json::value &V, const std::string &Base) {
    bool Multi = pick(3) != 0;
    std::string In = Multi ? Base + Indent : "";
    std::string Sep = Multi ? Eol : " ";
    auto Elems = [&](const std::vector<std::string> &Es, char Open,
                     char Close) {
      if (Es.empty())
        return std::string(1, Open) + Close;
      std::string Out(1, Open);
      for (std::size_t I = 0; I < Es.size(); ++I) {
        Out += Sep + In + Es[I];
        if (I + 1 < Es.size() || pick(3) == 0)
          Out += ",";
        Out += gap();
      }
      return Out + Sep + (Multi ? Base : "") + Close;
    };
    if (const json::object *O = V.if_object()) {
      std::vector<std::string> Es;
      for (const auto &KV : *O)
        Es.push_back(json::serialize(json::string(KV.key())) + gap() + ":" +
                     gap() + " " + write(KV.value(), In));
      return Elems(Es, '{', '}');
    }
    if (const json::array *A = V.if_array()) {
      std::vector<std::string> Es;
      for (const json::value &E : *A)
        Es.push_back(write(E, In));
      return Elems(Es, '[', ']');
    }
    return json::serialize(V);
  }
  std::string document(const json::value &V) {
    Indent = pick(2) ? "\t" : std::string(2 + 2 * pick(2), ' ');
    Eol = pick(3) == 0 ? "\r\n" : "\n";
    return (pick(3) == 0 ? "// settings" + Eol : "") + write(V, "") +
           (pick(2) ? Eol : "");
  }
};

/// Every path to a value in V (objects' keys, arrays' indexes).
void paths(const json::value &V, Path &At, std::vector<Path> &Out) {
  if (const json::object *O = V.if_object())
    for (const auto &KV : *O) {
      At.push_back(std::string(KV.key()));
      Out.push_back(At);
      paths(KV.value(), At, Out);
      At.pop_back();
    }
  if (const json::array *A = V.if_array())
    for (std::size_t I = 0; I < A->size(); ++I) {
      At.push_back(I);
      Out.push_back(At);
      paths((*A)[I], At, Out);
      At.pop_back();
    }
}

/// V with the value at P set (creating objects), or removed.
bool applyToValue(json::value &V, const Path &P, const json::value *New) {
  json::value *N = &V;
  for (std::size_t I = 0; I < P.size(); ++I) {
    bool Last = I + 1 == P.size();
    if (const std::string *K = std::get_if<std::string>(&P[I])) {
      json::object *O = N->if_object();
      if (!O)
        return false;
      if (Last) {
        if (New)
          (*O)[*K] = *New;
        else
          O->erase(*K);
        return true;
      }
      if (!O->contains(*K))
        (*O)[*K] = json::object{};
      N = &(*O)[*K];
    } else {
      json::array *A = N->if_array();
      std::size_t Idx = std::get<std::size_t>(P[I]);
      if (!A)
        return false;
      if (Idx == Append)
        Idx = A->size();
      if (Last) {
        if (!New)
          A->erase(A->begin() + static_cast<std::ptrdiff_t>(Idx));
        else if (Idx == A->size())
          A->push_back(*New);
        else
          (*A)[Idx] = *New;
        return true;
      }
      N = &(*A)[Idx];
    }
  }
  return false;
}

TEST(JsoncProperty, ParsesAsBoostJsonDoes) {
  int Cases = 0;
  for (unsigned Seed = 1; Seed <= 3000; ++Seed) {
    Gen G(Seed);
    json::value V = G.value(0);
    std::string T = G.document(V);
    bool Ok;
    json::value B = boostParse(T, Ok);
    ASSERT_TRUE(Ok) << T;
    Document D = parse(T);
    ASSERT_TRUE(D.Problems.empty()) << T << "\n" << D.Problems[0].Message;
    ASSERT_TRUE(D.Root) << T;
    EXPECT_EQ(D.Root->toJSON(), B) << T;
    ++Cases;
  }
  std::printf("jsonc: %d generated documents read as Boost.JSON reads them\n",
              Cases);
}

TEST(JsoncProperty, BrokenTextsAgreeWithBoostJsonOnValidity) {
  // Cut or corrupt generated documents: when Boost.JSON (JSONC mode) says
  // the text is not valid, we report a problem too, and the other way round.
  int Cases = 0;
  for (unsigned Seed = 1; Seed <= 3000; ++Seed) {
    Gen G(Seed);
    std::string T = G.document(G.value(0));
    if (T.empty())
      continue;
    std::size_t At =
        static_cast<std::size_t>(G.pick(static_cast<int>(T.size())));
    switch (G.pick(3)) {
    case 0:
      T = T.substr(0, At);
      break;
    case 1:
      T.erase(At, 1);
      break;
    default:
      T.insert(At, 1, "{}[],:\"/x"[G.pick(9)]);
    }
    // A lone CR ends a line comment for VS Code (and us), not for
    // Boost.JSON: no verdict to compare.
    bool LoneCR = false;
    for (std::size_t I = 0; I < T.size(); ++I)
      LoneCR =
          LoneCR || (T[I] == '\r' && (I + 1 == T.size() || T[I + 1] != '\n'));
    // A cut through a multi-byte character: Boost.JSON checks UTF-8, we
    // leave text to the editor (which sends valid UTF-8).
    bool BadUtf8 = false;
    for (std::size_t I = 0; I < T.size(); ++I) {
      unsigned char C = static_cast<unsigned char>(T[I]);
      if (C == 0xC3)
        BadUtf8 = BadUtf8 || I + 1 == T.size() ||
                  (static_cast<unsigned char>(T[I + 1]) & 0xC0) != 0x80;
      else if (C >= 0x80 &&
               (I == 0 || static_cast<unsigned char>(T[I - 1]) != 0xC3))
        BadUtf8 = true;
    }
    if (LoneCR || BadUtf8)
      continue;
    bool Ok;
    boostParse(T, Ok);
    Document D = parse(T);
    bool Empty = !D.Root && D.Problems.empty();
    if (Empty)
      continue; // Boost.JSON rejects an empty text; we read "no settings"
    EXPECT_EQ(D.Problems.empty(), Ok) << T;
    ++Cases;
  }
  std::printf("jsonc: %d corrupted documents judged as Boost.JSON judges "
              "them\n",
              Cases);
}

TEST(JsoncProperty, EditsChangeOnlyWhatTheyAskFor) {
  int Cases = 0;
  for (unsigned Seed = 1; Seed <= 3000; ++Seed) {
    Gen G(Seed);
    json::value V = G.value(0);
    if (!V.is_object())
      V = json::object{{"a", V}};
    std::string T = G.document(V);
    std::vector<Path> All;
    Path At;
    paths(V, At, All);
    // Set an existing path, a new key under an existing object, an
    // append, or remove an existing path.
    Path P;
    json::value New = G.value(1);
    bool Remove = false, Insert = false;
    int Op = G.pick(4);
    if (Op == 0 && !All.empty()) {
      P = All[static_cast<std::size_t>(G.pick(static_cast<int>(All.size())))];
    } else if (Op == 1 && !All.empty()) {
      P = All[static_cast<std::size_t>(G.pick(static_cast<int>(All.size())))];
      Remove = true;
    } else {
      Insert = true;
      std::vector<Path> Containers = {Path{}};
      for (const Path &Q : All) {
        const json::value *N = &V;
        for (const Segment &S : Q)
          N = std::holds_alternative<std::string>(S)
                  ? &N->as_object().at(std::get<std::string>(S))
                  : &N->as_array().at(std::get<std::size_t>(S));
        if (N->is_object() || N->is_array())
          Containers.push_back(Q);
      }
      P = Containers[static_cast<std::size_t>(
          G.pick(static_cast<int>(Containers.size())))];
      const json::value *N = &V;
      for (const Segment &S : P)
        N = std::holds_alternative<std::string>(S)
                ? &N->as_object().at(std::get<std::string>(S))
                : &N->as_array().at(std::get<std::size_t>(S));
      if (N->is_array())
        P.push_back(Append);
      else {
        P.push_back(std::string("new key"));
        if (G.pick(2))
          P.push_back(std::string("deeper"));
      }
    }
    std::optional<Edit> E = Remove ? remove(T, P) : set(T, P, New);
    ASSERT_TRUE(E) << T;
    std::string R = applyEdit(T, *E);
    // Bytes outside the span are the original ones.
    ASSERT_LE(E->End, T.size());
    EXPECT_EQ(R.substr(0, E->Begin), T.substr(0, E->Begin));
    EXPECT_EQ(R.substr(R.size() - (T.size() - E->End)), T.substr(E->End));
    // The result reads as the expected value, with the other parsers too.
    json::value Want = V;
    ASSERT_TRUE(applyToValue(Want, P, Remove ? nullptr : &New));
    bool Ok;
    json::value Got = boostParse(R, Ok);
    ASSERT_TRUE(Ok) << "before:\n" << T << "\nafter:\n" << R;
    EXPECT_EQ(Got, Want) << "before:\n" << T << "\nafter:\n" << R;
    Document D = parse(R);
    EXPECT_TRUE(D.Problems.empty()) << R;
    // Every comment of the original is still there.
    std::size_t Comments = 0, Kept = 0;
    for (std::size_t I = T.find("/* c */"); I != std::string::npos;
         I = T.find("/* c */", I + 1))
      ++Comments;
    for (std::size_t I = R.find("/* c */"); I != std::string::npos;
         I = R.find("/* c */", I + 1))
      ++Kept;
    if (Insert) {
      EXPECT_EQ(Kept, Comments) << "before:\n" << T << "\nafter:\n" << R;
    }
    ++Cases;
  }
  std::printf("jsonc: %d generated edits checked\n", Cases);
}

} // namespace
