// Files the tests read: the audit corpus (tests/data/audit) and the seed reports, which are not
// committed (../shared/seeds beside the checkout, or $ZHIBIAO_SEEDS_DIR). One place for the
// search, so that every test finds them the same way and skips, saying so, when they are absent.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace zhibiao::test {

/// This file's directory and the working directory with their ancestors (8 levels): __FILE__
/// may be relative (ccache's base directory), so the working directory's ancestors count too.
inline std::vector<std::filesystem::path> search_roots() {
  std::vector<std::filesystem::path> roots;
  for (std::filesystem::path here :
       {std::filesystem::absolute(std::filesystem::path(__FILE__)).parent_path(),
        std::filesystem::current_path()})
    for (int up = 0; up < 8 && here.has_relative_path(); ++up, here = here.parent_path())
      roots.push_back(here);
  return roots;
}

/// The whole file, or "" when it cannot be read.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// tests/data/audit (found by its README), or an empty path.
inline std::filesystem::path corpus_dir() {
  for (const auto& here : search_roots()) {
    if (std::filesystem::exists(here / "tests" / "data" / "audit" / "README.md"))
      return here / "tests" / "data" / "audit";
    if (std::filesystem::exists(here / "data" / "audit" / "README.md"))
      return here / "data" / "audit";
  }
  return {};
}

/// A seed report's text from $ZHIBIAO_SEEDS_DIR, $ZHIBIAO_SEEDS or a shared/seeds directory
/// beside the checkout (a worktree's too); "" when absent.
inline std::string seed_text(const std::string& name) {
  std::vector<std::filesystem::path> dirs;
  for (const char* env : {"ZHIBIAO_SEEDS_DIR", "ZHIBIAO_SEEDS"})
    if (const char* d = std::getenv(env)) dirs.emplace_back(d);
  for (const auto& here : search_roots()) dirs.push_back(here / "shared" / "seeds");
  for (const auto& d : dirs) {
    std::string t = slurp(d / name);
    if (!t.empty()) return t;
  }
  return {};
}

} // namespace zhibiao::test
