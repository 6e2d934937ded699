//===- Txtar.h - The txtar archive format (golang.org/x/tools/txtar) ------===//
#pragma once

#include <string>
#include <vector>

namespace cgols::test {

struct Txtar {
  std::string Comment;
  struct File {
    std::string Name;
    std::string Data;
  };
  std::vector<File> Files;

  static Txtar parse(const std::string &Text);
  std::string format() const;
  const File *find(const std::string &Name) const;
};

} // namespace cgols::test
