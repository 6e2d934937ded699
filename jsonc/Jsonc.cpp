//===- Jsonc.cpp - JSON with comments: a recovering parser and minimal edits
//===//
#include "Jsonc.h"

#include <algorithm>
#include <functional>

namespace cgols::jsonc {

namespace {

constexpr std::size_t NPos = std::string_view::npos;
constexpr int MaxDepth = 256;

bool isWS(char C) { return C == ' ' || C == '\t' || C == '\n' || C == '\r'; }

void appendUtf8(std::string &Out, unsigned CP) {
  if (CP < 0x80) {
    Out += static_cast<char>(CP);
  } else if (CP < 0x800) {
    Out += static_cast<char>(0xC0 | (CP >> 6));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  } else if (CP < 0x10000) {
    Out += static_cast<char>(0xE0 | (CP >> 12));
    Out += static_cast<char>(0x80 | ((CP >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  } else {
    Out += static_cast<char>(0xF0 | (CP >> 18));
    Out += static_cast<char>(0x80 | ((CP >> 12) & 0x3F));
    Out += static_cast<char>(0x80 | ((CP >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  }
}

class Parser {
public:
  Parser(std::string_view T, std::vector<Problem> &Probs)
      : T(T), Probs(Probs) {}
  std::size_t P = 0;

  void problem(std::size_t B, std::size_t E, std::string Msg) {
    // Inside the text: "P + 1" at its end would name a byte past it (a
    // range the editor cannot show; found by fuzzing).
    B = std::min(B, T.size());
    E = std::min(std::max(E, B), T.size());
    // One problem per place: recovery can stumble over the same byte twice.
    if (!Probs.empty() && Probs.back().Begin == B)
      return;
    Probs.push_back({B, E, std::move(Msg)});
  }

  /// White space and comments.
  void skip() {
    while (P < T.size()) {
      char C = T[P];
      if (isWS(C)) {
        ++P;
      } else if (C == '/' && P + 1 < T.size() && T[P + 1] == '/') {
        while (P < T.size() && T[P] != '\n' && T[P] != '\r')
          ++P;
      } else if (C == '/' && P + 1 < T.size() && T[P + 1] == '*') {
        std::size_t E = T.find("*/", P + 2);
        if (E == NPos) {
          problem(P, T.size(), "unterminated comment: add */");
          P = T.size();
        } else {
          P = E + 2;
        }
      } else {
        return;
      }
    }
  }

  bool value(Node &Out, int Depth) {
    skip();
    if (P >= T.size()) {
      problem(P, P, "a value is expected here");
      return false;
    }
    if (Depth > MaxDepth) {
      problem(P, P + 1, "values are nested too deeply");
      return false;
    }
    Out.Begin = P;
    char C = T[P];
    if (C == '{')
      return object(Out, Depth);
    if (C == '[')
      return array(Out, Depth);
    if (C == '"') {
      Out.K = Node::Kind::String;
      return string(Out.Str, Out.End);
    }
    if (C == '-' || (C >= '0' && C <= '9'))
      return number(Out);
    for (auto [Word, K] :
         {std::pair<std::string_view, Node::Kind>{"true", Node::Kind::True},
          {"false", Node::Kind::False},
          {"null", Node::Kind::Null}})
      if (T.substr(P, Word.size()) == Word) {
        Out.K = K;
        P += Word.size();
        Out.End = P;
        return true;
      }
    std::size_t E = P;
    while (E < T.size() && !isWS(T[E]) &&
           std::string_view(",:]}").find(T[E]) == NPos)
      ++E;
    problem(P, std::max(E, P + 1), "a value is expected here");
    return false;
  }

private:
  std::string_view T;
  std::vector<Problem> &Probs;

  /// Skips to the next ',' or to the closer of the current container,
  /// stepping over strings and nested brackets. Returns false at the end.
  bool recover() {
    int Nest = 0;
    while (P < T.size()) {
      char C = T[P];
      if (C == '"') {
        std::string Ignored;
        std::size_t E;
        std::vector<Problem> Quiet;
        Parser Sub(T, Quiet);
        Sub.P = P;
        Sub.string(Ignored, E);
        P = std::max(Sub.P, P + 1);
        continue;
      }
      if (C == '/' && P + 1 < T.size() &&
          (T[P + 1] == '/' || T[P + 1] == '*')) {
        skip();
        continue;
      }
      if (C == '{' || C == '[')
        ++Nest;
      if ((C == '}' || C == ']') && Nest-- == 0)
        return true;
      if (C == ',' && Nest == 0)
        return true;
      ++P;
    }
    return false;
  }

  bool string(std::string &Out, std::size_t &End) {
    std::size_t Start = P++;
    while (P < T.size()) {
      unsigned char C = static_cast<unsigned char>(T[P]);
      if (C == '"') {
        End = ++P;
        return true;
      }
      if (C == '\n' || C == '\r')
        break;
      if (C < 0x20) {
        problem(P, P + 1, "a control character must be escaped in a string");
        ++P;
        continue;
      }
      if (C != '\\') {
        Out += static_cast<char>(C);
        ++P;
        continue;
      }
      if (P + 1 >= T.size())
        break;
      char E = T[P + 1];
      P += 2;
      switch (E) {
      case '"':
        Out += '"';
        break;
      case '\\':
        Out += '\\';
        break;
      case '/':
        Out += '/';
        break;
      case 'b':
        Out += '\b';
        break;
      case 'f':
        Out += '\f';
        break;
      case 'n':
        Out += '\n';
        break;
      case 'r':
        Out += '\r';
        break;
      case 't':
        Out += '\t';
        break;
      case 'u': {
        auto Hex = [&](std::size_t At, unsigned &V) {
          if (At + 4 > T.size())
            return false;
          V = 0;
          for (std::size_t I = At; I < At + 4; ++I) {
            char H = T[I];
            V <<= 4;
            if (H >= '0' && H <= '9')
              V |= static_cast<unsigned>(H - '0');
            else if (H >= 'a' && H <= 'f')
              V |= static_cast<unsigned>(H - 'a' + 10);
            else if (H >= 'A' && H <= 'F')
              V |= static_cast<unsigned>(H - 'A' + 10);
            else
              return false;
          }
          return true;
        };
        unsigned CP;
        if (!Hex(P, CP)) {
          problem(P - 2, P, "\\u needs four hex digits");
          break;
        }
        P += 4;
        unsigned Lo;
        if (CP >= 0xD800 && CP < 0xDC00 && T.substr(P, 2) == "\\u" &&
            Hex(P + 2, Lo) && Lo >= 0xDC00 && Lo < 0xE000) {
          CP = 0x10000 + ((CP - 0xD800) << 10) + (Lo - 0xDC00);
          P += 6;
        } else if (CP >= 0xD800 && CP < 0xE000) {
          CP = 0xFFFD; // a lone surrogate
        }
        appendUtf8(Out, CP);
        break;
      }
      default:
        problem(P - 2, P, std::string("invalid escape \\") + E);
      }
    }
    problem(Start, P, "unterminated string: add \"");
    End = P;
    return false;
  }

  bool number(Node &Out) {
    Out.K = Node::Kind::Number;
    std::size_t S = P;
    auto Digits = [&] {
      std::size_t B = P;
      while (P < T.size() && T[P] >= '0' && T[P] <= '9')
        ++P;
      return P > B;
    };
    bool Ok = true;
    if (T[P] == '-')
      ++P;
    if (P < T.size() && T[P] == '0')
      ++P;
    else
      Ok = Digits();
    if (Ok && P < T.size() && T[P] == '.') {
      ++P;
      Ok = Digits();
    }
    if (Ok && P < T.size() && (T[P] == 'e' || T[P] == 'E')) {
      ++P;
      if (P < T.size() && (T[P] == '+' || T[P] == '-'))
        ++P;
      Ok = Digits();
    }
    Out.End = P;
    Out.Str = std::string(T.substr(S, P - S));
    if (!Ok)
      problem(S, std::max(P, S + 1), "invalid number");
    return Ok;
  }

  bool object(Node &Out, int Depth) {
    Out.K = Node::Kind::Object;
    ++P;
    bool Clean = true;
    while (true) {
      skip();
      if (P >= T.size()) {
        problem(Out.Begin, Out.Begin + 1, "unclosed object: add }");
        Out.End = T.size();
        return false;
      }
      if (T[P] == '}') {
        Out.End = ++P;
        return Clean;
      }
      Member M;
      bool Ok = false;
      if (T[P] == '"') {
        M.KeyBegin = P;
        if (string(M.Key, M.KeyEnd)) {
          skip();
          if (P < T.size() && T[P] == ':') {
            ++P;
            Node V;
            if (value(V, Depth + 1)) {
              M.Value.push_back(std::move(V));
              Ok = true;
            }
          } else {
            problem(P, P + 1, "a colon is expected after the property name");
          }
        }
      } else if (T[P] == ',') {
        problem(P, P + 1, "a property is expected before this comma");
      } else {
        problem(P, P + 1, "a property name in double quotes is expected");
      }
      if (Ok) {
        skip();
        if (P < T.size() && T[P] == ',') {
          M.Comma = P++;
          Out.Members.push_back(std::move(M));
          continue;
        }
        Out.Members.push_back(std::move(M));
        if (P < T.size() && T[P] == '}')
          continue;
        problem(P, P + 1, "a comma or } is expected");
      }
      Clean = false;
      if (!recover()) {
        problem(Out.Begin, Out.Begin + 1, "unclosed object: add }");
        Out.End = T.size();
        return false;
      }
      if (T[P] == ',')
        ++P;
      else if (T[P] == ']') {
        problem(P, P + 1, "] closes an object: use }");
        ++P;
      }
    }
  }

  bool array(Node &Out, int Depth) {
    Out.K = Node::Kind::Array;
    ++P;
    bool Clean = true;
    while (true) {
      skip();
      if (P >= T.size()) {
        problem(Out.Begin, Out.Begin + 1, "unclosed array: add ]");
        Out.End = T.size();
        return false;
      }
      if (T[P] == ']') {
        Out.End = ++P;
        return Clean;
      }
      Node V;
      bool Ok = false;
      if (T[P] == ',')
        problem(P, P + 1, "a value is expected before this comma");
      else
        Ok = value(V, Depth + 1);
      if (Ok) {
        Out.Items.push_back(std::move(V));
        Out.ItemCommas.push_back(NPos);
        skip();
        if (P < T.size() && T[P] == ',') {
          Out.ItemCommas.back() = P++;
          continue;
        }
        if (P < T.size() && T[P] == ']')
          continue;
        problem(P, P + 1, "a comma or ] is expected");
      }
      Clean = false;
      if (!recover()) {
        problem(Out.Begin, Out.Begin + 1, "unclosed array: add ]");
        Out.End = T.size();
        return false;
      }
      if (T[P] == ',')
        ++P;
      else if (T[P] == '}') {
        problem(P, P + 1, "} closes an array: use ]");
        ++P;
      }
    }
  }
};

// --- Edits ------------------------------------------------------------------

std::size_t lineStart(std::string_view T, std::size_t Pos) {
  while (Pos > 0 && T[Pos - 1] != '\n' && T[Pos - 1] != '\r')
    --Pos;
  return Pos;
}

/// The white space that starts the line holding Pos.
std::string lineIndent(std::string_view T, std::size_t Pos) {
  std::size_t B = lineStart(T, Pos), E = B;
  while (E < T.size() && (T[E] == ' ' || T[E] == '\t'))
    ++E;
  return std::string(T.substr(B, E - B));
}

bool onlyBlanksBefore(std::string_view T, std::size_t Pos) {
  for (std::size_t I = lineStart(T, Pos); I < Pos; ++I)
    if (T[I] != ' ' && T[I] != '\t')
      return false;
  return true;
}

/// If only blanks and comments follow Pos up to the line's end, where the
/// line ends (before its line break); else nullopt.
std::optional<std::size_t> restOfLineIsQuiet(std::string_view T,
                                             std::size_t Pos) {
  while (Pos < T.size()) {
    char C = T[Pos];
    if (C == ' ' || C == '\t') {
      ++Pos;
    } else if (C == '\n' || C == '\r') {
      return Pos;
    } else if (T.substr(Pos, 2) == "//") {
      while (Pos < T.size() && T[Pos] != '\n' && T[Pos] != '\r')
        ++Pos;
      return Pos;
    } else if (T.substr(Pos, 2) == "/*") {
      std::size_t E = T.find("*/", Pos + 2);
      if (E == NPos || T.substr(Pos, E - Pos).find_first_of("\r\n") != NPos)
        return std::nullopt;
      Pos = E + 2;
    } else {
      return std::nullopt;
    }
  }
  return Pos;
}

/// Past the line break at Pos (which restOfLineIsQuiet returned).
std::size_t pastEol(std::string_view T, std::size_t Pos) {
  if (T.substr(Pos, 2) == "\r\n")
    return Pos + 2;
  if (Pos < T.size())
    return Pos + 1;
  return Pos;
}

std::string format(const json::value &V, const std::string &Base,
                   const Style &S) {
  if (const json::object *O = V.if_object()) {
    if (O->empty())
      return "{}";
    std::string Out = "{" + S.Eol;
    std::size_t I = 0;
    for (const auto &KV : *O) {
      Out += Base + S.Indent + json::serialize(json::string(KV.key())) + ": " +
             format(KV.value(), Base + S.Indent, S);
      Out += (++I < O->size() ? "," : "") + S.Eol;
    }
    return Out + Base + "}";
  }
  if (const json::array *A = V.if_array()) {
    if (A->empty())
      return "[]";
    bool Scalars = std::all_of(A->begin(), A->end(), [](const json::value &E) {
      return !E.is_object() && !E.is_array();
    });
    std::string Inline = json::serialize(V);
    if (Scalars && Inline.size() <= 60) {
      // ["-rpc.trace", "serve"]: short lists stay on one line.
      std::string Out = "[";
      for (std::size_t I = 0; I < A->size(); ++I)
        Out += (I ? ", " : "") + json::serialize((*A)[I]);
      return Out + "]";
    }
    std::string Out = "[" + S.Eol;
    for (std::size_t I = 0; I < A->size(); ++I)
      Out += Base + S.Indent + format((*A)[I], Base + S.Indent, S) +
             (I + 1 < A->size() ? "," : "") + S.Eol;
    return Out + Base + "]";
  }
  return json::serialize(V);
}

std::string compact(const json::value &V) {
  Style S;
  S.Indent = "";
  S.Eol = "";
  return format(V, "", S);
}

/// One element of a container: a member or an item, as byte positions.
struct Elem {
  std::size_t Begin, End, Comma;
};

std::vector<Elem> elements(const Node &N) {
  std::vector<Elem> Out;
  if (N.K == Node::Kind::Object)
    for (const Member &M : N.Members)
      Out.push_back({M.KeyBegin, M.value().End, M.Comma});
  else
    for (std::size_t I = 0; I < N.Items.size(); ++I)
      Out.push_back({N.Items[I].Begin, N.Items[I].End, N.ItemCommas[I]});
  return Out;
}

/// Inserts Text (a member "key": value, or an item, written for the indent
/// it is given) after the container's last element.
Edit insertInto(std::string_view T, const Node &N,
                const std::function<std::string(const std::string &)> &Write,
                const Style &S) {
  std::vector<Elem> Es = elements(N);
  std::string Base = lineIndent(T, N.Begin);
  if (Es.empty()) {
    std::string_view Inner = T.substr(N.Begin + 1, N.End - 1 - (N.Begin + 1));
    bool Blank = std::all_of(Inner.begin(), Inner.end(), isWS);
    if (N.K == Node::Kind::Array && Blank)
      return {N.Begin + 1, N.End - 1, Write("")};
    std::string Ind = Base + S.Indent;
    if (Blank)
      return {N.Begin + 1, N.End - 1, S.Eol + Ind + Write(Ind) + S.Eol + Base};
    return {N.Begin + 1, N.Begin + 1, S.Eol + Ind + Write(Ind)};
  }
  const Elem &Last = Es.back();
  bool MultiLine =
      T.substr(N.Begin, Es.front().Begin - N.Begin).find_first_of("\r\n") !=
      NPos;
  if (!MultiLine) {
    if (Last.Comma != NPos)
      return {Last.Comma + 1, Last.Comma + 1, " " + Write("")};
    return {Last.End, Last.End, ", " + Write("")};
  }
  std::string Ind = onlyBlanksBefore(T, Last.Begin)
                        ? lineIndent(T, Last.Begin)
                        : lineIndent(T, Es.front().Begin);
  std::size_t After = Last.Comma != NPos ? Last.Comma + 1 : Last.End;
  std::size_t At = restOfLineIsQuiet(T, After).value_or(After);
  if (Last.Comma != NPos) // the user's trailing comma: ours gets one too
    return {At, At, S.Eol + Ind + Write(Ind) + ","};
  // The comma goes right after the last value; a comment after it stays.
  return {Last.End, At,
          "," + std::string(T.substr(Last.End, At - Last.End)) + S.Eol + Ind +
              Write(Ind)};
}

} // namespace

const Member *Node::member(std::string_view Key) const {
  const Member *Found = nullptr;
  for (const Member &M : Members)
    if (M.Key == Key)
      Found = &M;
  return Found;
}

json::value Node::toJSON() const {
  switch (K) {
  case Kind::Object: {
    json::object O;
    for (const Member &M : Members)
      O.insert_or_assign(M.Key, M.value().toJSON());
    return O;
  }
  case Kind::Array: {
    json::array A;
    for (const Node &I : Items)
      A.push_back(I.toJSON());
    return A;
  }
  case Kind::String:
    return json::value(json::string(Str));
  case Kind::Number: {
    boost::system::error_code EC;
    json::value V = json::parse(Str, EC);
    return EC ? json::value(nullptr) : V;
  }
  case Kind::True:
    return true;
  case Kind::False:
    return false;
  case Kind::Null:
    return nullptr;
  }
  return nullptr;
}

Document parse(std::string_view Text) {
  Document D;
  Parser P(Text, D.Problems);
  if (Text.substr(0, 3) == "\xEF\xBB\xBF") {
    D.HasBOM = true;
    P.P = 3;
  }
  P.skip();
  if (P.P >= Text.size())
    return D;
  Node Root;
  P.value(Root, 0);
  if (Root.End > Root.Begin || Root.K == Node::Kind::Object ||
      Root.K == Node::Kind::Array)
    D.Root = std::move(Root);
  P.skip();
  if (P.P < Text.size())
    P.problem(P.P, Text.size(),
              "the file should end after its value (this is not JSON)");
  return D;
}

const Node *find(const Node &Root, const Path &P) {
  const Node *N = &Root;
  for (const Segment &S : P) {
    if (const std::string *K = std::get_if<std::string>(&S)) {
      if (N->K != Node::Kind::Object)
        return nullptr;
      const Member *M = N->member(*K);
      if (!M)
        return nullptr;
      N = &M->value();
    } else {
      std::size_t I = std::get<std::size_t>(S);
      if (N->K != Node::Kind::Array || I >= N->Items.size())
        return nullptr;
      N = &N->Items[I];
    }
  }
  return N;
}

Style inferStyle(std::string_view T) {
  Style S;
  S.Indent = "    ";
  std::size_t NL = T.find('\n');
  if (NL != NPos && NL > 0 && T[NL - 1] == '\r')
    S.Eol = "\r\n";
  S.FinalEol = T.empty() || T.back() == '\n';
  for (std::size_t L = 0; L < T.size();) {
    std::size_t E = L;
    while (E < T.size() && (T[E] == ' ' || T[E] == '\t'))
      ++E;
    if (E > L && E < T.size() && !isWS(T[E])) {
      S.Indent = T[L] == '\t' ? "\t" : std::string(E - L, ' ');
      break;
    }
    std::size_t Next = T.find('\n', L);
    if (Next == NPos)
      break;
    L = Next + 1;
  }
  return S;
}

std::optional<Edit> set(std::string_view Text, const Path &P,
                        const json::value &V) {
  Document D = parse(Text);
  if (!D.Problems.empty())
    return std::nullopt;
  Style S = inferStyle(Text);
  // The value to insert where the path leaves the document: the rest of the
  // path as objects (or a one-item array for Append) around V.
  auto Wrap = [&](std::size_t From) -> std::optional<json::value> {
    json::value W = V;
    for (std::size_t I = P.size(); I-- > From;) {
      if (const std::string *K = std::get_if<std::string>(&P[I]))
        W = json::object{{*K, std::move(W)}};
      else if (std::get<std::size_t>(P[I]) == Append)
        W = json::array{std::move(W)};
      else
        return std::nullopt;
    }
    return W;
  };
  if (!D.Root) {
    auto W = Wrap(0);
    if (!W)
      return std::nullopt;
    std::size_t At = Text.size();
    std::string Lead = At > 0 && !S.FinalEol ? S.Eol : "";
    return Edit{At, At, Lead + format(*W, "", S) + S.Eol};
  }
  const Node *N = &*D.Root;
  for (std::size_t I = 0; I < P.size(); ++I) {
    if (const std::string *K = std::get_if<std::string>(&P[I])) {
      if (N->K != Node::Kind::Object)
        return std::nullopt;
      const Member *M = N->member(*K);
      if (!M) {
        auto W = Wrap(I + 1);
        if (!W)
          return std::nullopt;
        std::string Key = json::serialize(json::string(*K));
        return insertInto(
            Text, *N,
            [&](const std::string &Ind) {
              return Key + ": " +
                     (Ind.empty() && N->K == Node::Kind::Object &&
                              !elements(*N).empty()
                          ? compact(*W)
                          : format(*W, Ind, S));
            },
            S);
      }
      N = &M->value();
    } else {
      std::size_t Idx = std::get<std::size_t>(P[I]);
      if (N->K != Node::Kind::Array)
        return std::nullopt;
      if (Idx == Append || Idx == N->Items.size()) {
        auto W = Wrap(I + 1);
        if (!W)
          return std::nullopt;
        return insertInto(
            Text, *N,
            [&](const std::string &Ind) {
              return Ind.empty() ? compact(*W) : format(*W, Ind, S);
            },
            S);
      }
      if (Idx > N->Items.size())
        return std::nullopt;
      N = &N->Items[Idx];
    }
  }
  return Edit{N->Begin, N->End, format(V, lineIndent(Text, N->Begin), S)};
}

std::optional<Edit> remove(std::string_view Text, const Path &P) {
  if (P.empty())
    return std::nullopt;
  Document D = parse(Text);
  if (!D.Problems.empty() || !D.Root)
    return std::nullopt;
  Path ParentPath(P.begin(), P.end() - 1);
  const Node *Parent = find(*D.Root, ParentPath);
  if (!Parent)
    return std::nullopt;
  std::size_t Index = NPos;
  if (const std::string *K = std::get_if<std::string>(&P.back())) {
    if (Parent->K != Node::Kind::Object)
      return std::nullopt;
    for (std::size_t I = 0; I < Parent->Members.size(); ++I)
      if (Parent->Members[I].Key == *K)
        Index = I; // the last of duplicates, as find() reads it
  } else if (Parent->K == Node::Kind::Array &&
             std::get<std::size_t>(P.back()) < Parent->Items.size()) {
    Index = std::get<std::size_t>(P.back());
  }
  if (Index == NPos)
    return std::nullopt;
  std::vector<Elem> Es = elements(*Parent);
  const Elem &E = Es[Index];
  std::size_t After = E.Comma != NPos ? E.Comma + 1 : E.End;
  // An element on lines of its own goes with its lines (and the comment on
  // its last line, which is about it).
  if (onlyBlanksBefore(Text, E.Begin))
    if (auto LineEnd = restOfLineIsQuiet(Text, After)) {
      std::size_t B = lineStart(Text, E.Begin), End = pastEol(Text, *LineEnd);
      bool LastWithoutComma = Index + 1 == Es.size() && E.Comma == NPos;
      if (LastWithoutComma && Index > 0 && Es[Index - 1].Comma != NPos) {
        // The one before becomes the last: its comma goes, what follows
        // the comma (a comment) stays.
        std::size_t C = Es[Index - 1].Comma;
        return Edit{C, End, std::string(Text.substr(C + 1, B - (C + 1)))};
      }
      return Edit{B, End, ""};
    }
  if (Index > 0)
    return Edit{Es[Index - 1].End, E.End, ""};
  if (Index + 1 < Es.size())
    return Edit{E.Begin, Es[Index + 1].Begin, ""};
  return Edit{E.Begin, After, ""};
}

std::string applyEdit(std::string_view Text, const Edit &E) {
  std::string Out(Text.substr(0, E.Begin));
  Out += E.Text;
  Out += Text.substr(E.End);
  return Out;
}

} // namespace cgols::jsonc
