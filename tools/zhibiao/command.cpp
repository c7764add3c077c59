// What the verbs share: the argument reader, did-you-mean, --lang, --as-of and --output
// (command.hpp).

#include "command.hpp"

#include "zhibiao/detail/names.hpp"
#include "zhibiao/error.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace zhibiao::cli {

std::optional<std::string> Arguments::get(std::string_view name) const {
  const auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

Arguments parse_arguments(std::string_view verb, std::span<const std::string> args,
                          std::span<const std::string_view> with_value) {
  Arguments a;
  const auto known = [&](std::string_view name) {
    for (std::string_view k : with_value)
      if (k == name) return true;
    return false;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg.compare(0, 2, "--") != 0 || arg == "--") {
      a.positional.push_back(arg);
      continue;
    }
    const auto equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    if (!known(name))
      throw usage_error(std::string(verb),
                        "unknown option '" + name + "'" + did_you_mean(name, with_value));
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw usage_error(std::string(verb), "option '" + name + "' needs a value");
    }
    if (a.options.count(name))
      throw usage_error(std::string(verb), "option '" + name + "' is given twice");
    a.options.emplace(name, std::move(value));
  }
  return a;
}

std::string did_you_mean(std::string_view found, std::span<const std::string_view> known) {
  if (const auto best = detail::closest_name(found, known))
    return "; did you mean \"" + std::string(*best) + "\"?";
  return "";
}

std::string message_of(const std::exception& error) {
  std::string message = error.what();
  if (const auto* e = dynamic_cast<const invalid_input*>(&error)) {
    const std::string prefix = e->field() + ": ";
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
  }
  return message;
}

Language parse_language(const std::optional<std::string>& text) {
  if (!text || *text == "zh") return Language::zh;
  if (*text == "en") return Language::en;
  throw input_error("--lang: unknown language '" + *text + "' (zh or en)");
}

Date parse_as_of(const std::string& text) {
  try {
    const Period p = Period::parse(text);
    if (p.type() == PeriodType::day) return p.start();
  } catch (const invalid_input& e) {
    throw input_error("--as-of: " + message_of(e));
  }
  throw input_error("--as-of: '" + text + "' is not a date (write 2024-05-31)");
}

void write_output(const Arguments& arguments, std::ostream& out, std::string_view text) {
  const auto path = arguments.get("--output");
  if (!path) {
    out << text;
    return;
  }
  std::ofstream file(*path, std::ios::binary);
  if (file) file << text;
  if (!file) throw input_error(*path + ": cannot be written (" + std::strerror(errno) + ")");
}

} // namespace zhibiao::cli
