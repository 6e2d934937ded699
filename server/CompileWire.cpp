//===- CompileWire.cpp ----------------------------------------------------===//
#include "CompileWire.h"

#include <boost/json.hpp>

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <set>
#include <type_traits>
#include <utility>

namespace json = boost::json;

namespace cgols {
namespace {

// Every struct on the wire has a field list (CGOLS_FIELDS, core/Fields.h);
// encode and decode are written once, over the lists:
// - a struct with a field list: a JSON array of its fields in the list's
//   order (positional: a gtk.h result has tens of thousands of elements);
// - std::string: a string with the user's bytes as they are (see the file
//   comment); bool, integers; an enum: its number, one of its enumerators;
// - NameList: one string, its names separated by newlines (no name has
//   one), not gtk.h's 30,000 JSON strings to build and parse; vector<bool>:
//   a string of '0' and '1';
// - vectors and sets: arrays; pairs: arrays of two; string maps: objects.
// Decoding throws (boost::system::system_error from as_*(), or Bad) on any
// mismatch; the decode functions turn that into nullopt.
struct Bad : std::exception {};

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class T> struct IsSet : std::false_type {};
template <class T, class C> struct IsSet<std::set<T, C>> : std::true_type {};
template <class T> struct IsPair : std::false_type {};
template <class A, class B> struct IsPair<std::pair<A, B>> : std::true_type {};
template <class T> struct IsStringMap : std::false_type {};
template <>
struct IsStringMap<std::map<std::string, std::string>> : std::true_type {};

template <class T> json::value encode(const T &V);

template <class T> json::value encode(const T &V) {
  if constexpr (std::is_same_v<T, std::string>) {
    return json::string(json::string_view(V));
  } else if constexpr (std::is_same_v<T, bool>) {
    return V;
  } else if constexpr (std::is_enum_v<T>) {
    return static_cast<std::int64_t>(V);
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_unsigned_v<T>)
      return static_cast<std::uint64_t>(V);
    else
      return static_cast<std::int64_t>(V);
  } else if constexpr (std::is_same_v<T, NameList>) {
    std::string S = V.joined('\n');
    return json::string(json::string_view(S));
  } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
    std::string S;
    S.reserve(V.size());
    for (bool B : V)
      S += B ? '1' : '0';
    return json::string(json::string_view(S));
  } else if constexpr (IsVector<T>::value || IsSet<T>::value) {
    json::array A;
    A.reserve(V.size());
    for (const auto &E : V)
      A.push_back(encode(E));
    return A;
  } else if constexpr (IsPair<T>::value) {
    return json::array{encode(V.first), encode(V.second)};
  } else if constexpr (IsStringMap<T>::value) {
    json::object O;
    for (const auto &[K, E] : V)
      O[K] = json::string_view(E);
    return O;
  } else {
    static_assert(fields::Listed<T>, "a wire type without a field list");
    json::array A;
    A.reserve(fields::count<T>());
    fields::forEach(
        V, [&](const char *, const auto &F) { A.push_back(encode(F)); });
    return A;
  }
}

template <class T> void decode(const json::value &J, T &V) {
  if constexpr (std::is_same_v<T, std::string>) {
    const json::string &S = J.as_string();
    V.assign(S.data(), S.size());
  } else if constexpr (std::is_same_v<T, bool>) {
    V = J.as_bool();
  } else if constexpr (std::is_enum_v<T>) {
    auto N = J.to_number<std::underlying_type_t<T>>();
    if (!fields::isEnumerator<T>(N))
      throw Bad();
    V = static_cast<T>(N);
  } else if constexpr (std::is_integral_v<T>) {
    V = J.to_number<T>(); // throws when it does not fit
  } else if constexpr (std::is_same_v<T, NameList>) {
    // Sorted and unique as the compile left them; anything else is not a
    // result (binary searches would go wrong).
    const json::string &S = J.as_string();
    llvm::SmallVector<llvm::StringRef, 0> Split;
    if (!S.empty())
      llvm::StringRef(S.data(), S.size()).split(Split, '\n');
    std::vector<llvm::StringRef> Names(Split.begin(), Split.end());
    if (!std::is_sorted(Names.begin(), Names.end()) ||
        std::adjacent_find(Names.begin(), Names.end()) != Names.end())
      throw Bad();
    V = NameList(Names, NameList::SortedTag{});
  } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
    V.clear();
    for (char C : J.as_string()) {
      if (C != '0' && C != '1')
        throw Bad();
      V.push_back(C == '1');
    }
  } else if constexpr (IsVector<T>::value) {
    const json::array &A = J.as_array();
    V.clear();
    V.reserve(A.size());
    for (const json::value &E : A)
      decode(E, V.emplace_back());
  } else if constexpr (IsSet<T>::value) {
    V.clear();
    for (const json::value &E : J.as_array()) {
      typename T::value_type X;
      decode(E, X);
      V.insert(std::move(X));
    }
  } else if constexpr (IsPair<T>::value) {
    const json::array &A = J.as_array();
    if (A.size() != 2)
      throw Bad();
    decode(A[0], V.first);
    decode(A[1], V.second);
  } else if constexpr (IsStringMap<T>::value) {
    V.clear();
    for (const auto &KV : J.as_object())
      decode(KV.value(), V[std::string(KV.key())]);
  } else {
    static_assert(fields::Listed<T>, "a wire type without a field list");
    const json::array &A = J.as_array();
    if (A.size() != fields::count<T>())
      throw Bad();
    std::size_t I = 0;
    fields::forEach(V, [&](const char *, auto &F) { decode(A[I++], F); });
  }
}

// What a result promises beyond its types.
void validate(const CompileResult &R) {
  if (R.DeclaredExternal.size() != R.DeclaredNames.size())
    throw Bad(); // a flag per declared name
}

// The user's bytes as they are (see the file comment).
json::value parseBody(const std::string &Body) {
  json::parse_options PO;
  PO.allow_invalid_utf8 = true;
  return json::parse(Body, {}, PO);
}

CompileResult resultFrom(const json::value &V) {
  CompileResult R;
  decode(V, R);
  validate(R);
  return R;
}

} // namespace

std::string encodeWorkerRequest(const WorkerRequest &W) {
  return json::serialize(encode(W));
}

std::optional<WorkerRequest> decodeWorkerRequest(const std::string &Body) {
  try {
    WorkerRequest W;
    decode(parseBody(Body), W);
    return W;
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

std::string encodeCompileResult(const CompileResult &R) {
  return json::serialize(encode(R));
}

std::optional<CompileResult> decodeCompileResult(const std::string &Body) {
  try {
    return resultFrom(parseBody(Body));
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

// An answer: [body] for a whole result; [body, id, part or null, facts]
// for one over a precompiled block.
std::string encodeWorkerAnswer(const SplitResult &S, bool WithPart) {
  json::array A{encode(S.Body)};
  if (S.Part) {
    A.push_back(json::string_view(S.PartId));
    A.push_back(WithPart ? encode(*S.Part) : json::value(nullptr));
    A.push_back(encode(S.Facts));
  }
  return json::serialize(A);
}

std::optional<WorkerAnswer> decodeWorkerAnswer(const std::string &Body) {
  try {
    json::value V = parseBody(Body);
    const json::array &A = V.as_array();
    if (A.size() != 1 && A.size() != 4)
      throw Bad();
    WorkerAnswer W;
    W.Body = resultFrom(A[0]);
    if (A.size() == 4) {
      decode(A[1], W.PartId);
      if (W.PartId.empty())
        throw Bad();
      if (!A[2].is_null())
        W.Part = resultFrom(A[2]);
      decode(A[3], W.Facts);
      if (!std::is_sorted(W.Facts.External.begin(), W.Facts.External.end()))
        throw Bad();
    }
    return W;
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

} // namespace cgols
