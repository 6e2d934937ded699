//===- Jsonc.h - JSON with comments: a recovering parser and minimal edits ===//
//
// VS Code's settings.json and *.code-workspace are JSONC: JSON with // and
// /* */ comments, trailing commas and an optional BOM. This library reads
// such a text into a tree of byte ranges, recovering from syntax errors (each
// one a Problem), and computes the one minimal edit that sets, inserts or
// removes a value at a path, in the manner of VS Code's jsonc-parser
// `modify`: indentation and line ends follow the document, and no byte
// outside the edit's span changes, so every comment the user wrote stays.
//
// Pure: no IO. Edits are refused (nullopt) for a document with any syntax
// problem: nothing is ever written into text it could not read.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cgols::jsonc {

namespace json = boost::json;

struct Node;

struct Member {
  std::string Key;                      ///< decoded
  std::size_t KeyBegin = 0, KeyEnd = 0; ///< the key's bytes, quotes included
  std::size_t Comma = std::string_view::npos; ///< the comma after it, if any
  std::vector<Node> Value; ///< exactly one (a vector: Node is incomplete)
  const Node &value() const { return Value.front(); }
};

struct Node {
  enum class Kind { Object, Array, String, Number, True, False, Null };
  Kind K = Kind::Null;
  std::size_t Begin = 0, End = 0;      ///< the value's bytes
  std::string Str;                     ///< String: decoded; Number: as written
  std::vector<Member> Members;         ///< Object, in order, duplicates kept
  std::vector<Node> Items;             ///< Array
  std::vector<std::size_t> ItemCommas; ///< Array: comma after item i, or npos

  /// The member named Key (the last one, as VS Code reads duplicates).
  const Member *member(std::string_view Key) const;
  /// The value as Boost.JSON (the last of duplicate keys wins).
  json::value toJSON() const;
};

struct Problem {
  std::size_t Begin = 0, End = 0;
  std::string Message;
};

struct Document {
  std::optional<Node> Root; ///< absent for an empty text (or comments only)
  std::vector<Problem> Problems;
  bool HasBOM = false;
};

Document parse(std::string_view Text);

/// A key of an object, or an index of an array (Append: after the last).
using Segment = std::variant<std::string, std::size_t>;
using Path = std::vector<Segment>;
inline constexpr std::size_t Append = static_cast<std::size_t>(-1);

/// The node at P, if there is one.
const Node *find(const Node &Root, const Path &P);

struct Edit {
  std::size_t Begin = 0, End = 0; ///< replaced span
  std::string Text;
};

/// How the document is written: one level of indentation, the line end, and
/// whether it ends with one.
struct Style {
  std::string Indent = "\t";
  std::string Eol = "\n";
  bool FinalEol = true;
};
Style inferStyle(std::string_view Text);

/// The edit that makes the value at P be V: replaces it, or inserts it
/// (creating the objects on the way). Nullopt when the document has syntax
/// problems or P goes through a value of another kind.
std::optional<Edit> set(std::string_view Text, const Path &P,
                        const json::value &V);
/// The edit that removes the member or item at P. Nullopt when the document
/// has syntax problems or nothing is at P.
std::optional<Edit> remove(std::string_view Text, const Path &P);

std::string applyEdit(std::string_view Text, const Edit &E);

} // namespace cgols::jsonc
