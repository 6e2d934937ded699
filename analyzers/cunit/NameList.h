//===- NameList.h - A sorted list of names in one block of memory ---------===//
//
// A compile of a preamble that includes <gtk/gtk.h> declares about 40,000
// names, and a package like gotk3's gtk/ has 90 such preambles: as
// std::vector<std::string> that is some 2 MB per result (an object and a heap
// block per name). A NameList keeps them sorted in one string and an array of
// end offsets (about 24 bytes a name), and answers the same questions:
// binary search, prefix ranges, iteration as llvm::StringRef.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace cgols {

class NameList {
public:
  class iterator {
  public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = llvm::StringRef;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = llvm::StringRef;

    iterator() = default;
    iterator(const NameList *L, std::size_t I) : L(L), I(I) {}
    llvm::StringRef operator*() const { return (*L)[I]; }
    llvm::StringRef operator[](difference_type N) const { return (*L)[I + N]; }
    iterator &operator++() { return ++I, *this; }
    iterator operator++(int) { return {L, I++}; }
    iterator &operator--() { return --I, *this; }
    iterator operator--(int) { return {L, I--}; }
    iterator &operator+=(difference_type N) { return I += N, *this; }
    iterator &operator-=(difference_type N) { return I -= N, *this; }
    friend iterator operator+(iterator A, difference_type N) { return A += N; }
    friend iterator operator+(difference_type N, iterator A) { return A += N; }
    friend iterator operator-(iterator A, difference_type N) { return A -= N; }
    friend difference_type operator-(const iterator &A, const iterator &B) {
      return static_cast<difference_type>(A.I) -
             static_cast<difference_type>(B.I);
    }
    friend bool operator==(const iterator &A, const iterator &B) {
      return A.I == B.I;
    }
    friend bool operator!=(const iterator &A, const iterator &B) {
      return A.I != B.I;
    }
    friend bool operator<(const iterator &A, const iterator &B) {
      return A.I < B.I;
    }
    friend bool operator>(const iterator &A, const iterator &B) {
      return A.I > B.I;
    }
    friend bool operator<=(const iterator &A, const iterator &B) {
      return A.I <= B.I;
    }
    friend bool operator>=(const iterator &A, const iterator &B) {
      return A.I >= B.I;
    }
    std::size_t index() const { return I; }

  private:
    const NameList *L = nullptr;
    std::size_t I = 0;
  };
  using const_iterator = iterator;

  NameList() = default;
  /// Names sorted and made unique first.
  explicit NameList(std::vector<std::string> Names) {
    std::sort(Names.begin(), Names.end());
    Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
    std::size_t Total = 0;
    for (const std::string &N : Names)
      Total += N.size();
    Blob.reserve(Total);
    Ends.reserve(Names.size());
    for (const std::string &N : Names) {
      Blob += N;
      Ends.push_back(static_cast<std::uint32_t>(Blob.size()));
    }
  }

  /// Names already sorted and unique (a merge of two NameLists).
  struct SortedTag {};
  NameList(const std::vector<llvm::StringRef> &Sorted, SortedTag) {
    std::size_t Total = 0;
    for (llvm::StringRef N : Sorted)
      Total += N.size();
    Blob.reserve(Total);
    Ends.reserve(Sorted.size());
    for (llvm::StringRef N : Sorted) {
      Blob.append(N.data(), N.size());
      Ends.push_back(static_cast<std::uint32_t>(Blob.size()));
    }
  }

  /// The names joined by Sep (which no name contains): one string, for the
  /// worker wire (a JSON array of 40,000 strings costs milliseconds).
  std::string joined(char Sep) const {
    std::string Out;
    Out.reserve(Blob.size() + Ends.size());
    for (std::size_t I = 0; I < size(); ++I) {
      if (I)
        Out += Sep;
      Out += (*this)[I];
    }
    return Out;
  }
  std::size_t size() const { return Ends.size(); }
  bool empty() const { return Ends.empty(); }
  llvm::StringRef operator[](std::size_t I) const {
    std::size_t B = I ? Ends[I - 1] : 0;
    return llvm::StringRef(Blob.data() + B, Ends[I] - B);
  }
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }
  /// The first name not less than N.
  iterator lowerBound(llvm::StringRef N) const {
    return std::lower_bound(begin(), end(), N);
  }
  bool contains(llvm::StringRef N) const {
    iterator It = lowerBound(N);
    return It != end() && *It == N;
  }
  /// Heap bytes held (for the cache's bound).
  std::size_t bytes() const {
    return Blob.capacity() + Ends.capacity() * sizeof(std::uint32_t);
  }
  std::vector<std::string> toVector() const {
    std::vector<std::string> Out;
    Out.reserve(size());
    for (llvm::StringRef N : *this)
      Out.push_back(N.str());
    return Out;
  }
  friend bool operator==(const NameList &A, const NameList &B) {
    return A.Ends == B.Ends && A.Blob == B.Blob;
  }

private:
  std::string Blob;
  std::vector<std::uint32_t> Ends; ///< end offset of each name in Blob
};

} // namespace cgols
