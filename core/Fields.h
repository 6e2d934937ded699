//===- Fields.h - One field list per plain struct -------------------------===//
//
// A struct that crosses a boundary (the worker wire, the compile cache, the
// cache's size bound) lists its fields once, with CGOLS_FIELDS after its
// definition. Everything that must see every field is derived from that
// list: equality here, the wire encoding (server/CompileWire.cpp), the size
// estimate and the cache key. The list is checked against the struct at
// compile time (Boost.PFR counts an aggregate's fields), so a field added to
// the struct and not to its list does not build.
//
// Boost.Describe gives the list its names and member pointers; Boost.PFR
// the count. Both are header-only and part of Boost 1.81.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/pfr/tuple_size.hpp>

#include <cstddef>
#include <type_traits>

namespace cgols::fields {

template <class T>
using Members =
    boost::describe::describe_members<T, boost::describe::mod_public>;

/// Whether T has a field list.
template <class T>
constexpr bool Listed = boost::describe::has_describe_members<T>::value;

/// Calls Fn(name, field) for each field of Obj, in the list's order.
template <class T, class F> void forEach(T &Obj, F &&Fn) {
  using Plain = std::remove_const_t<T>;
  boost::mp11::mp_for_each<Members<Plain>>(
      [&](auto D) { Fn(D.name, Obj.*D.pointer); });
}

template <class T> constexpr std::size_t count() {
  return boost::mp11::mp_size<Members<T>>::value;
}

/// Whether the list names every field of T.
template <class T> constexpr bool complete() {
  return count<T>() == boost::pfr::tuple_size_v<T>;
}

template <class T> bool equal(const T &A, const T &B) {
  bool Eq = true;
  boost::mp11::mp_for_each<Members<T>>(
      [&](auto D) { Eq = Eq && (A.*D.pointer == B.*D.pointer); });
  return Eq;
}

/// Whether V is one of the enumerators of a described enum E.
template <class E> bool isEnumerator(std::underlying_type_t<E> V) {
  bool Found = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>(
      [&](auto D) {
        Found = Found || static_cast<std::underlying_type_t<E>>(D.value) == V;
      });
  return Found;
}

} // namespace cgols::fields

/// The field list of struct T (at namespace scope, after T): its equality
/// comes from it, and a field of T missing from the list fails the build.
#define CGOLS_FIELDS(T, ...)                                                   \
  BOOST_DESCRIBE_STRUCT(T, (), (__VA_ARGS__))                                  \
  static_assert(::cgols::fields::complete<T>(),                                \
                "CGOLS_FIELDS(" #T "): the list must name every field");       \
  inline bool operator==(const T &A, const T &B) {                             \
    return ::cgols::fields::equal(A, B);                                       \
  }                                                                            \
  inline bool operator!=(const T &A, const T &B) { return !(A == B); }
