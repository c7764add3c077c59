#pragma once
/// \file figure.hpp
/// The figures printed in report text: numbers with their printed decimals, magnitudes (万, 亿),
/// qualifiers (约, 余, 近, 不到), units (%, ‰, /10万, 个百分点, 人, 万元) and their place in the
/// text, so that every part of the library that reads wording (targets, the report auditor) reads
/// numbers the same way.
///
///     auto figures = zhibiao::read_figures("任务数为1600人，已完成1506人，任务完成率94.13%");
///     figures[2].printed;       // Decimal 94.13 (two decimals, as printed)
///     figures[2].unit;          // "%", unit_kind rate, rate_unit Unit::percent()
///     figures[2].start;         // code-point offset of "94.13%" in the text
///     zhibiao::read_figure("1.45万人", "population").value;   // 14500, stands for [14450, 14550)
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; Figure values may be read by several threads at once.

#include "zhibiao/decimal.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/unit.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// How the words around a figure bound it.
enum class FigureBound : std::uint8_t {
  exact = 0,     ///< as printed (within its rounding)
  about = 1,     ///< 约, 大约, 左右, 上下: near the figure, either side
  more_than = 2, ///< 余, 多, 逾, 超过: above the figure (2万余人: over 20,000)
  nearly = 3,    ///< 近, 将近, 接近: just below the figure
  less_than = 4, ///< 不到, 不足: below the figure
};

/// What a figure's unit measures.
enum class FigureUnitKind : std::uint8_t {
  none = 0, ///< a bare number (性别比114.17, or a unit written elsewhere)
  rate = 1, ///< %, ％, ‰, ‱, /10万, /千人, 每千人口, 每万常住人口: see rate_unit
  percentage_points = 2, ///< 个百分点
  /// 人, 例, 剂次, 家, 所, 个, 次, 人次, 对, 份, 本, 间, 张, 名, 户, ..., and amounts in a physical
  /// unit (平方米, 亩, 公斤): what adds up
  count = 3,
  money = 4,    ///< 元, 万元, 亿元: value in 元
  date = 5,     ///< 2019年, 11月, 10月28日, 1-11月: a time, not a figure to check
  duration = 6, ///< 岁, 年 of age or time spans (24小时, 3天)
  units = 7,    ///< 个单位 (the change of a ratio: 性别比上升4个单位)
};

/// The parts of a date or period figure (unit_kind date); 0 where not written. A range
/// (1-11月, 2019-2020年) sets the end_ fields of the part it spans: 2019年1-11月份 is year 2019,
/// month 1, end_month 11.
struct FigureDate {
  int year = 0;
  int month = 0;
  int day = 0;
  int end_year = 0;
  int end_month = 0;
  int end_day = 0;
  friend bool operator==(const FigureDate&, const FigureDate&) = default;
};

/// One figure in a text.
struct Figure {
  /// Code points of the whole figure in the input (qualifier, number, magnitude, unit), end
  /// exclusive: what a highlighter marks.
  std::size_t start = 0;
  std::size_t end = 0;
  std::string text; ///< the input's UTF-8 text of [start, end)
  /// The number as printed with its magnitude applied, keeping its precision: 94.13% is
  /// Decimal(9413, -2); 1.45万 is Decimal(145, 2) (14500, printed to the hundred).
  Decimal printed;
  double value = 0; ///< printed as a double: 94.13 for 94.13%, 14500 for 1.45万, in 元 for money
  int decimals = 0; ///< decimals as printed, before the magnitude (1.45万: 2)
  /// What the printed text stands for: the rounding range of `printed` (rounding_range), widened
  /// or cut by the qualifier (不到2万: [0, 20000)).
  double lower = 0;
  double upper = 0;
  FigureBound bound = FigureBound::exact;
  FigureUnitKind unit_kind = FigureUnitKind::none;
  std::string unit; ///< as printed, normalised: "%", "‰", "/10万", "个百分点", "万元"
  std::optional<Unit> rate_unit; ///< for unit_kind rate
  bool chinese_numerals = false; ///< written in Chinese numerals (三, 十二, 两千)
  /// The power of ten of the magnitude word after Arabic digits: 4 for 万 (1.45万), 8 for 亿, 12
  /// for 万亿, 0 otherwise (Chinese numerals carry their magnitude in `printed`).
  int magnitude = 0;
  FigureDate date; ///< for unit_kind date: the year, month and day written
  /// Code points of the number alone (sign, digits, point, exponent, magnitude 万/亿), end
  /// exclusive: 1.45万 of 约1.45万人 is [1, 6); for a date, its first number.
  std::size_t number_start = 0;
  std::size_t number_end = 0;
  /// Code points of the unit word written after the number (人 of 1.45万人, % of 94.13%, 月日 of
  /// 10月28日), end exclusive; an empty span at number_end when none is written.
  std::size_t unit_start = 0;
  std::size_t unit_end = 0;
  /// The population base of a density whose name comes before the number: 千人口床位数6.99张 is
  /// 6.99 beds per 1,000 population (Unit::per_1000_population()), 每万常住人口全科医生数3.6人
  /// 3.6 general practitioners per 10,000 (Unit::per_10k()); empty otherwise. Such a figure is
  /// a rate (unit_kind rate, rate_unit the density) whose unit text is the measure word ("张",
  /// "人"), spanning only the number and that word. docs/figures.md §2.
  std::optional<Unit> density;
};

/// How read_figure_at reads the number at its position (docs/figures.md §9).
enum class FigureReadMode : std::uint8_t {
  /// As read_figures reads report prose: qualifiers (约, 余, 左右), list markers and names
  /// skipped, a misplaced comma taken as punctuation.
  prose = 0,
  /// As target wording is written (不低于.5%, ≥1e3, 1,000人以上): a leading point, an exponent
  /// and no qualifiers; a misplaced thousands comma (1,00), a point with no digit after it (5.)
  /// and a unit symbol the reader does not know (/百万) are refused at their position, and the
  /// reader stops where the number and its unit end, leaving the words around it to the caller.
  target = 1,
};

/// Every figure of `utf8_text`, in order, in one pass (docs/figures.md): what cannot be read as a
/// figure (list markers 一是, 1、, （一）; ordinals 第三; names H7N9; runs of more than 18
/// significant digits; 1.2.3) is skipped. Offsets count code points of the input. Throws
/// zhibiao::parse_error (field "text") only when the text is not well-formed UTF-8, naming the
/// position.
std::vector<Figure> read_figures(std::string_view utf8_text);

/// The one figure `text` is (spaces around it allowed), read as read_figures reads it:
/// read_figure("1.45万人").value is 14500. Anything else (no figure, two figures, text left over,
/// a number read_figures would skip) throws zhibiao::parse_error naming `field`, the code-point
/// position and what was expected there.
Figure read_figure(std::string_view text, std::string_view field = "figure");

/// The one figure that starts at code point `position` of `text` (a digit, a sign or a Chinese
/// numeral; in target mode also a point before a digit, .5), read in `mode`; the text after it is
/// left alone, and Figure::end says where the figure ended (number_end and unit_end where the
/// number and its unit did). Throws zhibiao::parse_error naming `field`, the code-point position
/// and what was expected there when no figure starts at `position` or the number is malformed in
/// that mode (1,00 in target mode: at the comma).
Figure read_figure_at(std::string_view text, std::size_t position,
                      FigureReadMode mode = FigureReadMode::prose,
                      std::string_view field = "figure");

/// Stable ASCII names: "exact", "about", "more_than", "nearly", "less_than"; "none", "rate",
/// "percentage_points", "count", "money", "date", "duration", "units".
std::string_view to_string(FigureBound bound) noexcept;
std::string_view to_string(FigureUnitKind kind) noexcept;

} // namespace zhibiao
