#pragma once
/// \file audit.hpp
/// The report auditor's checks (issue 17 item 4): given figures already read from a report's
/// text and tied to what they count, recompute each one from the others and say which cannot all
/// be true. The checks take Mentions (a Figure from figure.hpp, the quantity it is tied to, its
/// period) built by the caller, or by audit() below, which reads them from a report's text and
/// links them (docs/audit.md §15). docs/audit.md gives each check's rule, verdict and severity.
///
///     using namespace zhibiao;
///     // 任务数为1600人 … 已为1506人 … 任务完成率94.13% (seed 000)
///     Finding f = check_quota_completion(completion, quota, done);
///     f.verdict;      // AuditVerdict::consistent: 1506 / 1600 × 100 = 94.125, printed 94.13
///     f.recomputed;   // 94.125
///     f.message_en;   // "任务完成率 94.13%: 已完成 1506人 / 任务数 1600人 × 100 = 94.125%,
///                     //  which rounds to 94.13%: consistent"
///
/// Every figure is compared through the values its printed text stands for (rounding_range in
/// decimal.hpp, widened by its qualifier: Figure::lower/upper), so that only figures no rounding
/// reconciles are flagged. A count or amount printed as an integer without a magnitude (1506人,
/// 1680元) is exact; printed with decimals (52.94元) it is rounded like any figure.
///
/// Bad input (a NaN, a negative count, a lower end above the upper, a rate without a rate unit, a
/// ‰ rate where per cent is needed, a change not in percentage points) is zhibiao::invalid_input
/// whose field names the mention id and its field ("m3.value", "m3.unit"); a figure that cannot
/// be compared (a zero denominator, a mention without a period) is a finding with verdict
/// cannot_check and the reason. `recomputed` is never inf or NaN.
///
/// Thread safety: the checks keep no state between calls and may be called from any number of
/// threads at once; Mention and Finding values may be read by several threads at once.

#include "zhibiao/export.hpp"
#include "zhibiao/figure.hpp"
#include "zhibiao/period.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// One figure of a report tied to what it counts.
struct Mention {
  std::string id; ///< unique within one audit ("m12"); findings name mentions by it
  Figure figure;
  std::string quantity; ///< what the figure is of: 签约率, 任务数, 常住人口签约人数
  std::optional<Period> period; ///< the period the figure belongs to, when known
};

/// A claim made without a figure (全覆盖, 全部完成, 均达到进度要求), with its place in the text.
struct Claim {
  std::string id;
  std::size_t start = 0; ///< code points, end exclusive, as Figure
  std::size_t end = 0;
  std::string text;     ///< "全覆盖"
  std::string quantity; ///< what is claimed complete: 学校卫生监督覆盖率
  std::optional<Period> period;
};

/// The kinds of check. Values and names are stable (the expected-findings files of the test
/// corpus and the JSON output use the names).
enum class AuditCheck : std::uint8_t {
  rate_counts = 0,         ///< a rate against its own numerator and denominator
  quota_completion = 1,    ///< a completion rate against its quota and the work done
  progress = 2,            ///< a done share against the time elapsed at the as-of date
  parts_total = 3,         ///< parts against their total
  product = 4,             ///< a product against its factors (7469人×22针次)
  implied_denominator = 5, ///< rates whose counts imply one shared population
  exceeds_existing = 6,    ///< a count above what exists (检查学校30所 of 25)
  composition_change = 7,  ///< point changes of one composition's shares must net to zero
  ranked_list = 8,         ///< a ranked list out of order or above its class total
  claim = 9,               ///< 全覆盖 / 全部完成 / 均达到 against the figures there
};
inline constexpr int audit_check_count = 10;
/// "rate_counts", "quota_completion", "progress", "parts_total", "product",
/// "implied_denominator", "exceeds_existing", "composition_change", "ranked_list", "claim".
std::string_view to_string(AuditCheck check) noexcept;
/// The check a name to_string gives stands for; zhibiao::invalid_input naming `field` otherwise.
AuditCheck parse_audit_check(std::string_view text, std::string_view field = "check");

/// A check's verdict (AuditVerdict, not Verdict: comparison.hpp's Verdict is better/similar/worse).
enum class AuditVerdict : std::uint8_t {
  consistent = 0,   ///< some reading of the printed figures makes them agree
  inconsistent = 1, ///< no value the printed figures stand for makes them agree
  cannot_check = 2, ///< nothing to compare (a zero denominator, no period): the reason is given
};
/// "consistent", "inconsistent", "cannot_check".
std::string_view to_string(AuditVerdict verdict) noexcept;

enum class Severity : std::uint8_t {
  error = 0,   ///< inconsistent whatever base or convention is read into the report
  warning = 1, ///< inconsistent unless an unstated base or convention holds (the message says
               ///< which), or consistent figures showing work behind time (progress)
  info = 2,    ///< consistent, or cannot be checked
};
/// "error", "warning", "info".
std::string_view to_string(Severity severity) noexcept;

/// The outcome of one check on a few mentions.
struct Finding {
  std::string id; ///< "<check>:<mention ids joined by +>", unique for distinct mention sets
  AuditCheck check = AuditCheck::rate_counts;
  AuditVerdict verdict = AuditVerdict::consistent;
  Severity severity = Severity::info;
  std::vector<std::string> mentions;  ///< ids of the mentions (and claims) involved
  std::optional<double> recomputed;   ///< the recomputed figure (see each check), finite
  std::string message_zh, message_en; ///< the figures and the recomputation, in words
};

/// Whether the listed parts (or shares) are the whole, or other parts may exist unlisted
/// (其中…: some of them; …等: and others).
enum class ListedParts : std::uint8_t { all = 0, some = 1 };

// --- the checks ------------------------------------------------------------------------------

/// A rate against its numerator and denominator (签约率33.65%; 监督检查104家 of 124家: 83.9%).
/// Exact counts and an exactly printed rate go through check_reported_rate (validation.hpp):
/// numerator / denominator × the unit's multiplier, rounded half up at the printed decimals,
/// must equal the printed rate. A qualified rate (97%左右, 超过90%) or a rounded count (1.9万) is
/// consistent when the ratio's range meets the rate's [lower, upper]. recomputed: the unrounded
/// ratio in the rate's unit (94.125). A zero denominator is cannot_check.
Finding check_rate_counts(const Mention& rate, const Mention& numerator,
                          const Mention& denominator);

/// How a change is worded: a relative rise (增长44%), a relative fall (下降10%), a rise or a fall
/// in points (增加3.56个百分点; 性别比上升4个单位).
enum class ChangeKind : std::uint8_t {
  relative = 0,
  relative_fall = 1,
  points = 2,
  points_fall = 3
};

/// A printed change against the two figures it compares (check name rate_counts): (new ÷ old −
/// 1) × 100 for a relative rise, (1 − new ÷ old) × 100 for a fall (per cent), new − old or old −
/// new for points (个百分点 or 个单位). Integer counts and an exact change are compared exactly at
/// the printed decimals; otherwise the range the figures allow must meet the change's range
/// (31.6万 against 28.1万 allows 12.08–12.83 %, so 增长12.4% is consistent). recomputed: the
/// change from the printed figures. An old value of 0 is cannot_check.
Finding check_change(const Mention& change, const Mention& new_value, const Mention& old_value,
                     ChangeKind kind);

/// A share printed beside its whole only (801 births, 政策符合率97.5%; check name rate_counts):
/// consistent when some whole number k of the total, 0 ≤ k ≤ total, gives the printed share
/// (781 / 801 = 97.503 % → 97.5). recomputed: the share × total ÷ the multiplier, the count
/// implied.
Finding check_share_of(const Mention& share, const Mention& total);

/// A ratio of two parts printed beside their sum only (出生801人, 出生人口性别比114.17; check name
/// rate_counts): consistent when some split m + f = total in whole numbers gives m ÷ f × the
/// unit's multiplier rounding to the printed ratio (427 / 374 × 100 = 114.171 → 114.17). The ratio
/// is a bare figure; `unit` gives its multiplier (per_100 for a sex ratio). recomputed: m, the
/// first part of the nearest split.
Finding check_split_ratio(const Mention& ratio, const Mention& total, Unit unit = Unit::per_100());

/// A completion rate (任务完成率94.13%, per cent) against its quota (任务数1600人) and the work
/// done (已完成1506人): the rule of check_rate_counts, worded as a completion (it may pass 100 %).
Finding check_quota_completion(const Mention& completion, const Mention& quota,
                               const Mention& done);

/// A done share of a period's task (完成全年任务的40.8%, per cent, its period the task's period:
/// 2024) against 序时进度, the share of that period elapsed at the end of `as_of`, by days and by
/// whole months (Period::elapsed_share). The figures never contradict each other, so the verdict
/// is consistent; the severity is warning when the share's whole range lies below time progress
/// on every basis that applies (the work is behind), info otherwise (ahead, or on schedule within
/// rounding, or behind on one basis only). recomputed: time progress on `basis`, in per cent:
/// by whole months by default, as reports count 序时进度 and assess_quota does (by days when the
/// period is not whole months). A mention without a period is cannot_check.
Finding check_progress(const Mention& done_share, Date as_of,
                       ProgressBasis basis = ProgressBasis::months);
/// The same with the report's own claim about its pace (超过序时进度, 达到序时进度): the claim is
/// false, inconsistent and an error, when the share lies below time progress on every basis;
/// otherwise the finding is consistent (info). The claim's id is among the mentions.
Finding check_progress(const Mention& done_share, const Claim& pace_claim, Date as_of,
                       ProgressBasis basis = ProgressBasis::months);

/// Parts against their total (22846人 = 5401 + 8818 + 914 + 615 + 188 + 6910; 2400万元, 其中
/// 2024万 + 200万 + 200万): with ListedParts::all the range of the parts' sum must meet the
/// total's range; with some, its lower end must not pass the total's upper end. recomputed: the
/// sum of the parts as printed.
Finding check_parts_total(const Mention& total, std::span<const Mention> parts,
                          ListedParts listed = ListedParts::all);

/// The shares of one whole listed in full (一孩占46.2%、二孩占41.5%、三孩及以上占12.3%; check name
/// parts_total): the range of their sum, each share widened by its rounding, must contain 100 %
/// (41.61 + 44.78 + 13.60 = 99.99 is consistent: three shares at two decimals allow 99.985 to
/// 100.015). Every share is in per cent. recomputed: the sum as printed. The finding names the
/// shares only; the whole is 100 %, not a printed figure.
Finding check_shares_total(std::span<const Mention> shares);

/// A product against its factors (全年接种任务164318剂次 = 7469人 × 22针次): the range of the
/// factors' product must meet the product's range. recomputed: the product of the factors.
/// `months` multiplies in the months a monthly standard was paid for, a factor the report does
/// not print but its period gives (每人每月800元 for 1850名 over 上半年: × 6); it must be ≥ 1.
Finding check_product(const Mention& product, std::span<const Mention> factors, int months = 1);

/// Whether a member's shared base is written in the report (签约率 of the 常住人口) or presumed by
/// the reader (a birth rate's base is the mid-year population, which the report does not state).
enum class BaseConvention : std::uint8_t { stated = 0, presumed = 1 };

/// One (rate, numerator) pair of an implied-denominator group.
struct DenominatorMember {
  Mention rate;
  Mention numerator;
  std::optional<BaseConvention> base; ///< this member's convention; the group's when empty
};

/// Rates whose numerators should share one population (`population`: "常住人口"). Each member
/// allows the denominators its rounding allows (for an exact rate and count, exactly the whole
/// numbers n with numerator / n rounding to the printed rate); the largest set of members whose
/// ranges meet is kept, and every other member is inconsistent: an error when its base is stated,
/// a warning when presumed. Findings: one for the agreeing members (consistent, recomputed the
/// middle of their common range) when at least two agree, then one per other member (recomputed
/// its own implied denominator at the printed rate). When no two agree, or two different largest
/// sets exist, one inconsistent finding names all members (error if every base is stated).
/// `populations`: the population itself where the report prints it (全县常住人口25.64万): an
/// entry allowing its own range, with a stated base. A single entry is cannot_check (recomputed:
/// what it implies).
std::vector<Finding> check_implied_denominator(std::span<const DenominatorMember> members,
                                               std::string_view population,
                                               BaseConvention group_base = BaseConvention::stated,
                                               std::span<const Mention> populations = {});

/// A count of things done against the number that exist (检查学校30所 where 全区共有学校25所):
/// inconsistent when the count's lower end passes what exists: an error when both are of the same
/// things, period and base (`same_base` stated), a warning when that is only presumed (住院分娩补助
/// 4183人 in 1-5月 against 活产数4024 of the half year: only a different period or base would
/// reconcile them). recomputed: count − existing.
Finding check_exceeds_existing(const Mention& count, const Mention& existing,
                               BaseConvention same_base = BaseConvention::stated);

/// One point change of a composition's share (一孩率下降1.5个百分点): the figure in 个百分点 as
/// printed (1.5), `decrease` for 下降/减少/降低 (the figure's own sign is kept: −1.5 with
/// decrease is +1.5).
struct ShareChange {
  Mention change;
  bool decrease = false;
};

/// Point changes of the shares of one composition (一孩率, 二孩率, 多孩率) must net to zero: the
/// range of their signed sum must contain 0. Inconsistent is an error with ListedParts::all (the
/// listed shares are the whole composition) and a warning with some (only unlisted shares would
/// balance it). recomputed: the net change in points.
Finding check_composition_change(std::span<const ShareChange> changes,
                                 ListedParts listed = ListedParts::all);

/// A ranked list of counts (传染病发病前五位: 手足口病377例, 肺结核171例, …), in the printed
/// order: no count may exceed the one above it, and their sum may not exceed the class total
/// (传染病1227例) when given. One inconsistent finding (error) per violation, else one consistent
/// finding; recomputed: the sum of the listed counts.
std::vector<Finding> check_ranked_list(std::span<const Mention> items,
                                       const std::optional<Mention>& class_total = std::nullopt);

/// A claim (全覆盖, 全部完成) against a rate of the same quantity: the claim needs 100 %, so it is
/// inconsistent (error) when the rate's range lies wholly below 100 % (监督覆盖率83.9%).
/// recomputed: the rate as printed.
Finding check_claim(const Claim& claim, const Mention& rate);
/// A claim against a count and what it should reach (全覆盖 with 覆盖5799人 of 34903 老龄人口;
/// 均达到 against a target count): inconsistent (error) when the count's range lies wholly below
/// the required one. recomputed: count / required × 100 (0 when the required is 0).
Finding check_claim(const Claim& claim, const Mention& count, const Mention& required);

// --- output ----------------------------------------------------------------------------------

/// The JSON of issue 17 item 5: {"mentions": [{"id", "start", "end", "text", "quantity", "value",
/// "decimals", "unit", "period"}], "findings": [{"id", "check", "verdict", "severity",
/// "mentions", "recomputed", "message_zh", "message_en"}]}. start/end are code-point offsets
/// (end exclusive); "period" is the period's code ("2024", "2019-01-01/2019-11-30") or null;
/// "recomputed" a number or null. Claims are listed among the mentions with value and decimals
/// null and an empty unit.
std::string audit_json(std::span<const Mention> mentions, std::span<const Finding> findings,
                       std::span<const Claim> claims = {});

// --- the auditor over plain text ----------------------------------------------------------------

/// What audit() may be told beyond the text.
struct AuditOptions {
  /// The date the report speaks at; when empty, its last full date (2019年12月13日) or the end of
  /// its latest month named (6月底).
  std::optional<Date> as_of;
  /// The report's year; when empty, the first year the text names.
  std::optional<int> year;
};

/// What audit() found: the figures tied to their quantities, the claims without figures, the
/// findings of every check docs/audit.md §15 links, the period the report covers and its date.
struct AuditReport {
  std::vector<Mention> mentions;
  std::vector<Claim> claims;
  std::vector<Finding> findings;
  std::optional<Period> period;
  std::optional<Date> as_of;
  /// audit_json(mentions, findings, claims): the JSON of issue 17 item 5.
  std::string to_json() const;
};

/// The report auditor over a report's plain text (docs/audit.md §15): reads its figures
/// (read_figures), names each by the words before it, links figures within a sentence (a rate
/// with its counts, a done share with its quota, a total with the parts after 其中, a product
/// with its factors, a change with the figures it compares, rates on one population, ranked
/// lists, claims such as 全覆盖) and runs the checks above on them. Ill-formed UTF-8 throws
/// zhibiao::parse_error naming the position; any other text gives a report (perhaps empty).
AuditReport audit(std::string_view utf8_text, const AuditOptions& options = {});

} // namespace zhibiao
