#pragma once
// The command-line tool `zhibiao` (docs/cli.md): what its verbs share. A verb is one source file
// with a run_<verb> function and one entry in main.cpp's table of verbs.

#include "zhibiao/indicator.hpp"
#include "zhibiao/period.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::cli {

/// The exit status (docs/cli.md §4): 0 success, 1 valid data that fail a check (a target not
/// met, a row whose status is not ok), 2 bad input or usage.
enum ExitStatus : int { success = 0, check_failed = 1, bad_input = 2 };

/// Bad input: main prints "zhibiao: " and the message, one line, and exits 2. The message names
/// the file, the row and the field.
class input_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A command line the tool cannot read (unknown verb or option, a missing value): as
/// input_error, and main prints the verb's usage after the message.
class usage_error : public input_error {
public:
  usage_error(std::string verb, const std::string& message)
      : input_error(message), verb_(std::move(verb)) {}
  const std::string& verb() const noexcept { return verb_; }

private:
  std::string verb_;
};

/// A verb's command line: positional arguments and options (`--name value`, `--name=value`).
struct Arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string, std::less<>> options;

  std::optional<std::string> get(std::string_view name) const;
};

/// Reads `args` (after the verb's name). `with_value` lists the options that take a value
/// ("--format"); anything else starting with "--" is a usage_error naming it for `verb`.
Arguments parse_arguments(std::string_view verb, std::span<const std::string> args,
                          std::span<const std::string_view> with_value);

/// The closest of `known` to `found` as `; did you mean "x"?`, or "" when none is close.
std::string did_you_mean(std::string_view found, std::span<const std::string_view> known);

/// The message of a zhibiao error without its leading "field: " (for options, which name
/// themselves: "--period: cannot parse ...").
std::string message_of(const std::exception& error);

/// --lang: zh (the default, when `text` is empty) or en; input_error naming --lang otherwise.
Language parse_language(const std::optional<std::string>& text);

/// --as-of: one day as Period::parse reads it (2024-05-31, 2024年5月31日); input_error naming
/// --as-of for anything else.
Date parse_as_of(const std::string& text);

/// The built-in catalog, or with --catalog FILE that file (the strict reader) laid over it
/// (Catalog::merged). A bad file is an input_error naming it and the key.
Catalog read_catalog(const std::optional<std::string>& path);

/// Writes `text` to the --output file when given, else to `out`; input_error when the file
/// cannot be written.
void write_output(const Arguments& arguments, std::ostream& out, std::string_view text);

/// One verb: its name, a one-line summary and usage, and what runs it (returns the exit status).
struct Verb {
  std::string_view name;
  std::string_view summary;
  std::string_view usage;
  int (*run)(std::span<const std::string> args, std::ostream& out);
};

int run_catalog(std::span<const std::string> args, std::ostream& out);
int run_evaluate(std::span<const std::string> args, std::ostream& out);
int run_report(std::span<const std::string> args, std::ostream& out);
int run_audit(std::span<const std::string> args, std::ostream& out);
int run_funds(std::span<const std::string> args, std::ostream& out);
int run_plan(std::span<const std::string> args, std::ostream& out);
int run_score(std::span<const std::string> args, std::ostream& out);

} // namespace zhibiao::cli
