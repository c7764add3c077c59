// zhibiao: the command-line tool (docs/cli.md). Adding a verb: a <verb>_command.cpp with its
// run_<verb>, declared in command.hpp, and one entry in `verbs` below.

#include "command.hpp"

#include "zhibiao/detail/names.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/version.hpp"

#include <array>
#include <exception>
#include <iostream>
#include <new>

namespace zhibiao::cli {
namespace {

constexpr std::array verbs = {
    Verb{"catalog", "list, show or check the indicator catalog",
         "zhibiao catalog list [--catalog FILE] [--format table|csv|json|markdown] [--lang zh|en] "
         "[--output FILE]\n"
         "       zhibiao catalog show ID [--catalog FILE] [--format ...] [--lang zh|en]\n"
         "       zhibiao catalog schema [--output FILE]",
         run_catalog},
    Verb{"evaluate", "evaluate indicators over a long CSV of data values",
         "zhibiao evaluate DATA [--catalog FILE] [--targets FILE] [--org-units FILE] "
         "[--levels 区,乡镇/街道,机构]\n"
         "       [--period P] [--as-of DATE] [--indicators id,id] "
         "[--format table|csv|json|markdown|html] [--lang zh|en] [--output FILE]",
         run_evaluate},
    Verb{"report", "the whole district: assess, narrate and write the HTML report",
         "zhibiao report [DIR] [--catalog FILE] [--period P] [--as-of DATE] [--levels L1,L2,...] "
         "[--lang zh|en]\n"
         "       [--output FILE.html] [--funds FUNDS.json] [--plan UNITS.csv --plan-target T "
         "[--plan-OPTION ...]]\n"
         "       [--scheme SCHEME.json]\n"
         "       (DIR holds data.csv, org_units.csv, targets.csv; default: the example district; "
         "--plan-OPTION: plan's options)",
         run_report},
    Verb{"audit", "check the figures of a report's text against each other",
         "zhibiao audit FILE... [--format table|json|markdown] [--lang zh|en] [--as-of DATE] "
         "[--output FILE]",
         run_audit},
    Verb{
        "funds", "fund execution: shares, 到位/拨付/执行 rates, spending against time, deadlines",
        "zhibiao funds FUNDS.json [--as-of DATE] [--format table|csv|json|markdown] [--lang zh|en] "
        "[--output FILE]",
        run_funds},
    Verb{"plan", "split a parent target among units (whole persons), milestones, per month",
         "zhibiao plan UNITS.csv --target T [--unit %] [--method population|equal_uplift|"
         "close_gaps] [--floor yes|no]\n"
         "       [--cap yes|no] [--name TEXT] [--milestones N [--baseline B] [--goal G] "
         "[--first-year Y]]\n"
         "       [--months-left N | --period P --as-of DATE] [--format table|csv|json|markdown] "
         "[--lang zh|en] [--output FILE]",
         run_plan},
    Verb{"score", "score units with an assessment scheme: totals, grades, ranks, lost items",
         "zhibiao score SCHEME.json DATA.csv --org-units ORG.csv [--catalog FILE] [--period P] "
         "[--as-of DATE]\n"
         "       [--units code,code] [--format table|csv|json|markdown] [--lang zh|en] "
         "[--output FILE]",
         run_score},
};

void print_usage(std::ostream& out) {
  out << "usage: zhibiao VERB [ARGUMENTS]   (docs/cli.md)\n\nverbs:\n";
  for (const Verb& v : verbs) out << "  " << v.name << "  " << v.summary << "\n";
  out << "\n";
  for (const Verb& v : verbs) out << "  " << v.usage << "\n";
}

const Verb* find_verb(std::string_view name) {
  for (const Verb& v : verbs)
    if (v.name == name) return &v;
  return nullptr;
}

// One line on stderr: a message of several lines (an invalid_rows listing rows) keeps its first.
void print_error(std::string_view message) {
  const auto end = message.find('\n');
  std::cerr << "zhibiao: " << message.substr(0, end) << "\n";
}

int run(std::span<const std::string> args) {
  if (args.empty()) {
    print_usage(std::cerr);
    return bad_input;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(std::cout);
    return success;
  }
  if (args[0] == "--version") {
    std::cout << "zhibiao " << library_version() << "\n";
    return success;
  }
  const Verb* verb = find_verb(args[0]);
  if (!verb) {
    std::array<std::string_view, verbs.size()> names;
    for (std::size_t i = 0; i < verbs.size(); ++i) names[i] = verbs[i].name;
    throw usage_error("", "unknown verb '" + args[0] + "'" + did_you_mean(args[0], names));
  }
  return verb->run(args.subspan(1), std::cout);
}

} // namespace
} // namespace zhibiao::cli

int main(int argc, char** argv) {
  using namespace zhibiao::cli;
  // Never a crash or an uncaught exception: every error is one line and exit status 2.
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const int status = run(args);
    std::cout.flush();
    if (!std::cout) {
      print_error("cannot write the output (standard output closed or full)");
      return bad_input;
    }
    return status;
  } catch (const usage_error& e) {
    print_error(e.what());
    const Verb* verb = find_verb(e.verb());
    if (verb) std::cerr << "usage: " << verb->usage << "\n";
    else print_usage(std::cerr);
    return bad_input;
  } catch (const input_error& e) {
    print_error(e.what());
  } catch (const zhibiao::invalid_input& e) {
    print_error(e.what());
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
  } catch (const std::exception& e) {
    print_error(std::string("internal error: ") + e.what());
  } catch (...) {
    print_error("internal error");
  }
  return bad_input;
}
