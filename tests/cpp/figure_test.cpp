// The figure reader (figure.hpp, docs/figures.md). Real-phrasing cases cite the seed report and
// the phrase: seed 000 is the 2019 year summary (000_b5c097da57629d65.txt), seed 002 the 2024
// half-year summary (002_5f89a4321b8daabd.txt). Expected values are the printed figures; the
// rounding ranges are worked out by hand in the comments (half up: d stands for [d − ½u, d + ½u)
// where u is one unit of the last digit printed, docs/units-and-rounding.md §3).
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/figure.hpp>

#include <gtest/gtest.h>

#include "support/test_files.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using zhibiao::Decimal;
using zhibiao::Figure;
using zhibiao::FigureBound;
using zhibiao::FigureUnitKind;
using zhibiao::read_figure;
using zhibiao::read_figures;
using zhibiao::Unit;

namespace {

constexpr double max_double = std::numeric_limits<double>::max();

// The figures' texts, for tests that say which parts of a phrase are figures.
std::vector<std::string> texts(std::string_view text) {
  std::vector<std::string> out;
  for (const Figure& f : read_figures(text)) out.push_back(f.text);
  return out;
}

// The one figure of a phrase that is not a date: the figure a phrase is about.
Figure only(std::string_view text) {
  const auto all = read_figures(text);
  EXPECT_EQ(all.size(), 1u) << text;
  return all.empty() ? Figure{} : all[0];
}

struct Error {
  std::string field;
  std::size_t position = 0;
  std::string expected;
};
Error error_of(std::string_view text, std::string_view field = "figure") {
  try {
    (void)read_figure(text, field);
  } catch (const zhibiao::parse_error& e) {
    return {e.field(), e.position(), e.expected()};
  }
  return {"no error", 0, {}};
}

} // namespace

// --- Seed 000: rates, counts, money --------------------------------------------------------

TEST(ReadFigures, RateWithItsPrintedDecimals) {
  // seed 000: "任务数为1600人，截至目前，已为1506人…任务完成率94.13%"
  const auto f =
      read_figures("任务数为1600人，已为1506人婚姻登记对象进行了免费婚检，任务完成率94.13%");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].text, "1600人");
  EXPECT_EQ(f[0].value, 1600);
  EXPECT_EQ(f[0].unit_kind, FigureUnitKind::count);
  EXPECT_EQ(f[0].unit, "人");
  EXPECT_EQ(f[1].value, 1506);
  EXPECT_EQ(f[2].text, "94.13%");
  EXPECT_EQ(f[2].printed, Decimal(9413, -2));
  EXPECT_EQ(f[2].decimals, 2);
  EXPECT_EQ(f[2].unit_kind, FigureUnitKind::rate);
  EXPECT_EQ(f[2].rate_unit, Unit::percent());
  // 94.13 stands for [94.125, 94.135).
  EXPECT_DOUBLE_EQ(f[2].lower, 94.125);
  EXPECT_DOUBLE_EQ(f[2].upper, 94.135);
}

TEST(ReadFigures, TrailingZerosArePrinted) {
  // seed 000: "重点人群签约人数32141人，签约率60.20%"
  const Figure f = read_figures("重点人群签约人数32141人，签约率60.20%")[1];
  EXPECT_EQ(f.printed.to_string(), "60.20");
  EXPECT_EQ(f.decimals, 2);
  EXPECT_DOUBLE_EQ(f.value, 60.2);
  // seed 002: "全区传染病疫情报告网络正常运行率达100.00%"
  const Figure g = only("正常运行率达100.00%");
  EXPECT_EQ(g.printed.to_string(), "100.00");
  EXPECT_DOUBLE_EQ(g.lower, 99.995);
}

TEST(ReadFigures, PerMille) {
  // seed 000: "全区出生801人，出生率为4.86‰"
  const auto f = read_figures("全区出生801人，出生率为4.86‰");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].unit, "‰");
  EXPECT_EQ(f[1].rate_unit, Unit::per_mille());
  EXPECT_DOUBLE_EQ(f[1].value, 4.86);
}

TEST(ReadFigures, Per100kWithThreeAndFourDecimals) {
  // seed 002: "发病率153.895/10万，死亡率0.2508/10万"
  const auto f = read_figures("发病率153.895/10万，死亡率0.2508/10万");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].text, "153.895/10万");
  EXPECT_EQ(f[0].unit, "/10万");
  EXPECT_EQ(f[0].rate_unit, Unit::per_100k());
  EXPECT_EQ(f[0].decimals, 3);
  EXPECT_EQ(f[1].decimals, 4);
  EXPECT_EQ(f[1].printed, Decimal(2508, -4));
}

TEST(ReadFigures, CountWords) {
  // seed 000: "孕产妇保健管理工作，截止11月份，发放孕卡659本，健康管理服务完成5290人次"
  const auto f = read_figures("发放孕卡659本，健康管理服务完成5290人次");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].unit, "本");
  EXPECT_EQ(f[1].unit, "人次"); // the longer word, not 人
  // seed 000: "预防接种118266剂次"; "已完成359对"; "全区共办理《出生医学证明》222份"
  EXPECT_EQ(only("预防接种118266剂次").unit, "剂次");
  EXPECT_EQ(only("已完成359对").unit, "对");
  EXPECT_EQ(only("全区共办理《出生医学证明》222份").unit, "份");
  // seed 000: "截至12月我区查处无证行医案件6件"
  EXPECT_EQ(texts("截至12月我区查处无证行医案件6件"), (std::vector<std::string>{"12月", "6件"}));
  // seed 002: "共审核…传染病报告卡3257张，及时处置预警信息82条"
  EXPECT_EQ(texts("传染病报告卡3257张，及时处置预警信息82条"),
            (std::vector<std::string>{"3257张", "82条"}));
  // seed 002: "时妥善处置了17起学校手足口病疫情"
  EXPECT_EQ(only("时妥善处置了17起学校手足口病疫情").unit, "起");
}

TEST(ReadFigures, ProductOfTwoCounts) {
  // seed 002: "(全年接种任务为剂次：164318，7469人×22针次)"
  const auto f = read_figures("(全年接种任务为剂次：164318，7469人×22针次)");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].unit_kind, FigureUnitKind::none);
  EXPECT_EQ(f[0].value, 164318);
  EXPECT_EQ(f[1].text, "7469人");
  EXPECT_EQ(f[2].text, "22针次");
}

TEST(ReadFigures, CountsRightBeforeEachOther) {
  // seed 002: "全区共报告传染病15种1227例"
  EXPECT_EQ(texts("全区共报告传染病15种1227例"), (std::vector<std::string>{"15种", "1227例"}));
}

TEST(ReadFigures, MoneyInYuan) {
  // seed 000: "累计保费289950元"
  const Figure a = only("累计保费289950元");
  EXPECT_EQ(a.unit_kind, FigureUnitKind::money);
  EXPECT_EQ(a.value, 289950);
  // seed 000: "2019发放计生利益导向资金323.172万元": 323.172 × 10^4 = 3,231,720 元, printed to
  // the ten 元 (three decimals of 万): [3231715, 3231725).
  const Figure b = read_figures("2019发放计生利益导向资金323.172万元")[1];
  EXPECT_EQ(b.unit, "万元");
  EXPECT_EQ(b.printed, Decimal(323172, 1));
  EXPECT_EQ(b.decimals, 3);
  EXPECT_EQ(b.magnitude, 4);
  EXPECT_DOUBLE_EQ(b.value, 3231720);
  EXPECT_DOUBLE_EQ(b.lower, 3231715);
  EXPECT_DOUBLE_EQ(b.upper, 3231725);
  // seed 000: "项目投资1.05亿元": 105,000,000 元 to the million: [104.5e6, 105.5e6).
  const Figure c = only("项目投资1.05亿元");
  EXPECT_EQ(c.unit, "亿元");
  EXPECT_EQ(c.printed, Decimal(105, 6));
  EXPECT_DOUBLE_EQ(c.lower, 104500000);
  EXPECT_DOUBLE_EQ(c.upper, 105500000);
  // seed 002: "次均住院费用1680元，次均门诊费用52.94元"
  EXPECT_EQ(read_figures("次均住院费用1680元，次均门诊费用52.94元")[1].decimals, 2);
  // seed 002: "按照人均540元筹资标准"
  EXPECT_EQ(only("按照人均540元筹资标准").value, 540);
}

TEST(ReadFigures, MagnitudeWithoutUnit) {
  // seed 002: "实际到位资金2400万元，其中2024万用于保证金、200万用于环评"
  const auto f = read_figures("实际到位资金2400万元，其中2024万用于保证金、200万用于环评");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[1].text, "2024万");
  EXPECT_EQ(f[1].unit_kind, FigureUnitKind::none);
  EXPECT_EQ(f[1].unit, "万");
  EXPECT_DOUBLE_EQ(f[1].value, 20240000);
  EXPECT_DOUBLE_EQ(f[2].value, 2000000);
  // seed 000: "…区级配套资金3.9万。": 39,000 to the thousand: [38500, 39500).
  const Figure g = only("区级配套资金3.9万。");
  EXPECT_DOUBLE_EQ(g.lower, 38500);
  EXPECT_DOUBLE_EQ(g.upper, 39500);
}

TEST(ReadFigures, RoundedMagnitudeStandsForAnInterval) {
  // figure.hpp: 1.45万 is Decimal(145, 2), 14500 printed to the hundred: [14450, 14550).
  const Figure f = read_figure("1.45万人", "population");
  EXPECT_EQ(f.printed, Decimal(145, 2));
  EXPECT_DOUBLE_EQ(f.value, 14500);
  EXPECT_EQ(f.decimals, 2);
  EXPECT_DOUBLE_EQ(f.lower, 14450);
  EXPECT_DOUBLE_EQ(f.upper, 14550);
  EXPECT_EQ(f.unit, "万人");
  EXPECT_EQ(f.unit_kind, FigureUnitKind::count);
  // seed 002: "门(急)诊人次42万人次": 420,000 to the 万: [415000, 425000).
  const Figure g = only("门(急)诊人次42万人次");
  EXPECT_EQ(g.printed, Decimal(42, 4));
  EXPECT_DOUBLE_EQ(g.lower, 415000);
  EXPECT_DOUBLE_EQ(g.upper, 425000);
  // 3.5亿: 350,000,000 to the ten million.
  EXPECT_EQ(read_figure("3.5亿").printed, Decimal(35, 7));
}

TEST(ReadFigures, PercentagePointsAndUnits) {
  // seed 002: "区内住院率较去年同期增加3.56个百分点"
  const Figure f = only("区内住院率较去年同期增加3.56个百分点");
  EXPECT_EQ(f.unit_kind, FigureUnitKind::percentage_points);
  EXPECT_EQ(f.unit, "个百分点");
  EXPECT_DOUBLE_EQ(f.value, 3.56);
  EXPECT_FALSE(f.rate_unit);
  // issue 17: "性别比上升4个单位"
  const Figure g = only("性别比上升4个单位");
  EXPECT_EQ(g.unit_kind, FigureUnitKind::units);
  EXPECT_EQ(g.value, 4);
}

TEST(ReadFigures, BareRatioAndCountsBeforeAComma) {
  // seed 000: "出生人口总性别比114.17，其中二多孩性别比117.65"
  const auto f = read_figures("出生人口总性别比114.17，其中二多孩性别比117.65");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].unit_kind, FigureUnitKind::none);
  EXPECT_EQ(f[0].decimals, 2);
  EXPECT_DOUBLE_EQ(f[1].value, 117.65); // 二多孩 is a name, not 2多
  // seed 000: "有偿签约人数9199，有偿签约率达5%": the comma after 9199 is punctuation.
  EXPECT_EQ(texts("有偿签约人数9199，有偿签约率达5%"), (std::vector<std::string>{"9199", "5%"}));
  // seed 002: "对人口计生工作满意率达92。"
  EXPECT_EQ(only("对人口计生工作满意率达92。").value, 92);
}

TEST(ReadFigures, SpaceOrLineBreakBeforeTheUnit) {
  // seed 002: "分别与同期相比增长44%，11.6 %"
  const auto f = read_figures("分别与同期相比增长44%，11.6 %");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].text, "11.6 %");
  EXPECT_EQ(f[1].unit, "%");
  // seed 000: "截止目前，我委已召开3\n次安全生产专题会议"
  const Figure g = only("我委已召开3\n次安全生产专题会议");
  EXPECT_EQ(g.text, "3\n次");
  EXPECT_EQ(g.unit, "次");
}

TEST(ReadFigures, PhysicalAmounts) {
  // seed 000: "占地面积6.55亩，总建筑面积3751平方米，总投资1089万元"
  const auto f = read_figures("占地面积6.55亩，总建筑面积3751平方米，总投资1089万元");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].unit, "亩");
  EXPECT_EQ(f[0].decimals, 2);
  EXPECT_EQ(f[1].unit, "平方米");
  EXPECT_EQ(f[1].unit_kind, FigureUnitKind::count);
  EXPECT_DOUBLE_EQ(f[2].value, 10890000);
}

// --- Qualifiers ------------------------------------------------------------------------------

TEST(ReadFigures, YuAndDuoAreAboveUpToTheNextDigit) {
  // seed 000: "参与的群众达13000余人；发放…宣传品15000余份": 13000余 is 13,000 and more, below
  // 14,000 (the next step of its last non-zero digit).
  const Figure a = only("参与的群众达13000余人");
  EXPECT_EQ(a.bound, FigureBound::more_than);
  EXPECT_EQ(a.text, "13000余人");
  EXPECT_EQ(a.unit, "人");
  EXPECT_DOUBLE_EQ(a.lower, 13000);
  EXPECT_DOUBLE_EQ(a.upper, 14000);
  // seed 000: "对200多名工作员进行体检": [200, 300).
  const Figure b = only("对200多名工作员进行体检");
  EXPECT_EQ(b.bound, FigureBound::more_than);
  EXPECT_DOUBLE_EQ(b.upper, 300);
  // seed 002: "出院人次1.9万余人次": [19000, 20000).
  const Figure c = only("全区基层医疗卫生机构出院人次1.9万余人次");
  EXPECT_EQ(c.unit, "万人次");
  EXPECT_DOUBLE_EQ(c.value, 19000);
  EXPECT_DOUBLE_EQ(c.lower, 19000);
  EXPECT_DOUBLE_EQ(c.upper, 20000);
  // seed 002: "全年应筹集参合资金3.6亿余元": [3.6亿, 3.7亿).
  const Figure d = only("全年应筹集参合资金3.6亿余元");
  EXPECT_EQ(d.unit_kind, FigureUnitKind::money);
  EXPECT_EQ(d.unit, "亿元");
  EXPECT_DOUBLE_EQ(d.upper, 370000000);
  // seed 002: "截止5月底共出动卫生执法人员90余人次"
  EXPECT_DOUBLE_EQ(read_figures("截止5月底共出动卫生执法人员90余人次")[1].upper, 100);
}

TEST(ReadFigures, AboutAndNearly) {
  // seed 002: "配送率一直稳定在97%左右": one unit of the last digit (1) is below 5 % of 97
  // (4.85), so [92.15, 101.85].
  const Figure a = only("配送率一直稳定在97%左右");
  EXPECT_EQ(a.bound, FigureBound::about);
  EXPECT_EQ(a.text, "97%左右");
  EXPECT_DOUBLE_EQ(a.lower, 97 - 4.85);
  EXPECT_DOUBLE_EQ(a.upper, 97 + 4.85);
  // seed 002: "总建筑面积约1.8万平方米": one unit of the last digit is 1000, above 5 % (900):
  // [17000, 19000].
  const Figure b = only("总建筑面积约1.8万平方米");
  EXPECT_EQ(b.text, "约1.8万平方米");
  EXPECT_EQ(b.bound, FigureBound::about);
  EXPECT_DOUBLE_EQ(b.lower, 17000);
  EXPECT_DOUBLE_EQ(b.upper, 19000);
  // seed 002: "全区有近54万人次享受新农合补偿": just below 540,000, by 5 % (27,000) at most.
  const Figure c = only("全区有近54万人次享受新农合补偿");
  EXPECT_EQ(c.bound, FigureBound::nearly);
  EXPECT_EQ(c.text, "近54万人次");
  EXPECT_DOUBLE_EQ(c.lower, 513000);
  EXPECT_DOUBLE_EQ(c.upper, 540000);
  EXPECT_EQ(only("大约3000人").bound, FigureBound::about);
  EXPECT_EQ(only("接近80%").bound, FigureBound::nearly);
  EXPECT_EQ(only("将近500人").text, "将近500人");
}

TEST(ReadFigures, MoreThanAndLessThan) {
  // issue 17: "超过90%": above 90 with no upper bound (the largest double).
  const Figure a = only("超过90%");
  EXPECT_EQ(a.bound, FigureBound::more_than);
  EXPECT_DOUBLE_EQ(a.lower, 90);
  EXPECT_EQ(a.upper, max_double);
  EXPECT_EQ(only("逾2000人").bound, FigureBound::more_than);
  // figure.hpp: 不到2万: [0, 20000).
  const Figure b = only("不到2万人");
  EXPECT_EQ(b.bound, FigureBound::less_than);
  EXPECT_DOUBLE_EQ(b.lower, 0);
  EXPECT_DOUBLE_EQ(b.upper, 20000);
  EXPECT_EQ(only("不足50%").bound, FigureBound::less_than);
}

TEST(ReadFigures, WordsThatOnlyLookLikeQualifiers) {
  // 签约 (sign up) ends in 约: "签约59902人" is exact (seed 000 prints 签约人数59902人).
  EXPECT_EQ(only("签约59902人").bound, FigureBound::exact);
  EXPECT_EQ(only("签约59902人").text, "59902人");
  EXPECT_EQ(only("预约1200人次").bound, FigureBound::exact);
  // 附近 (nearby), 最近 (recent); 近5年 is "the last five years", not "nearly 5".
  EXPECT_EQ(only("附近3家医院").bound, FigureBound::exact);
  const Figure y = only("不高于近5年平均水平");
  EXPECT_EQ(y.text, "5年");
  EXPECT_EQ(y.unit_kind, FigureUnitKind::duration);
  EXPECT_EQ(y.bound, FigureBound::exact);
  // 不超过 is target wording ("at most"), not 超过.
  const Figure z = only("不超过10%");
  EXPECT_EQ(z.text, "10%");
  EXPECT_EQ(z.bound, FigureBound::exact);
  // 以上 belongs to target wording (Threshold), not to the figure: seed 000 "一类苗接种率90%以上".
  EXPECT_EQ(texts("建卡率100%,一类苗接种率90%以上"), (std::vector<std::string>{"100%", "90%"}));
}

// --- Chinese numerals ----------------------------------------------------------------------

TEST(ReadFigures, ChineseNumeralsThatCount) {
  // seed 000: "具体开展五项工作"
  const Figure a = only("具体开展五项工作");
  EXPECT_EQ(a.text, "五项");
  EXPECT_EQ(a.value, 5);
  EXPECT_TRUE(a.chinese_numerals);
  // seed 000: "对辖五百余位育龄群众开展需求问卷调查": [500, 600).
  const Figure b = only("对辖五百余位育龄群众开展需求问卷调查");
  EXPECT_EQ(b.value, 500);
  EXPECT_EQ(b.bound, FigureBound::more_than);
  EXPECT_DOUBLE_EQ(b.upper, 600);
  // seed 000: "吸引了四十余名家长踊跃参加"
  EXPECT_DOUBLE_EQ(only("吸引了四十余名家长踊跃参加").upper, 50);
  // seed 000: "山王镇淮岸社区两个省级计划生育家庭发展服务中心"
  EXPECT_EQ(only("山王镇淮岸社区两个省级计划生育家庭发展服务中心").value, 2);
  // seed 002: "组织一次全区卫生单位安全隐患排查工作"
  EXPECT_EQ(only("组织一次全区卫生单位安全隐患排查工作").unit, "次");
  EXPECT_EQ(only("三家").value, 3);
  EXPECT_EQ(only("十二家").value, 12);
  EXPECT_EQ(only("一百二十三人").value, 123);
  EXPECT_EQ(only("一百零五人").value, 105);
  EXPECT_EQ(only("十余家").bound, FigureBound::more_than);
}

TEST(ReadFigures, ChineseMagnitudes) {
  // 两千人: 2 × 10^3, printed to the thousand (千 is a magnitude after Chinese numerals).
  const Figure a = only("两千人");
  EXPECT_EQ(a.printed, Decimal(2, 3));
  EXPECT_DOUBLE_EQ(a.lower, 1500);
  // 三万五千 stands alone (it ends in a magnitude): 35 × 10^3.
  const Figure b = only("投入三万五千");
  EXPECT_EQ(b.printed, Decimal(35, 3));
  EXPECT_EQ(b.unit_kind, FigureUnitKind::none);
  // 三万五 is the spoken 三万五千.
  EXPECT_EQ(only("三万五").value, 35000);
  EXPECT_EQ(only("十万元").value, 100000);
  EXPECT_EQ(only("十万元").unit_kind, FigureUnitKind::money);
  EXPECT_EQ(only("一亿二千万").value, 120000000);
  EXPECT_TRUE(texts("〇 零").empty()); // a zero alone counts nothing
}

TEST(ReadFigures, ListMarkersOrdinalsAndNamesAreNotFigures) {
  // seed 000: "一是进一步规范推进…二是积极开展 “两卡制”试点工作"
  EXPECT_TRUE(
      texts("一是进一步规范推进我区家庭医生签约服务工作；二是积极开展 “两卡制”试点工作").empty());
  // seed 000: "（一）民生工程工作完成情况"; "（十一）认真做好职业病防治相关工作"
  EXPECT_TRUE(texts("（一）民生工程工作完成情况\n（十一）认真做好职业病防治相关工作").empty());
  // seed 000: "一、2019年工作完成情况": only the year.
  EXPECT_EQ(texts("一、2019年工作完成情况"), (std::vector<std::string>{"2019年"}));
  // seed 000: "累计一胎剖宫产率为22.58%"; "全面落实一类疫苗的免费接种措施"
  EXPECT_EQ(texts("累计一胎剖宫产率为22.58%"), (std::vector<std::string>{"22.58%"}));
  EXPECT_TRUE(texts("全面落实一类疫苗的免费接种措施").empty());
  // seed 000: "基础免疫五苗接种率达90%以上"; "规划学院路以西…第二通道以东"
  EXPECT_EQ(texts("基础免疫五苗接种率达90%以上"), (std::vector<std::string>{"90%"}));
  EXPECT_TRUE(texts("选址在第二通道以东").empty());
  // seed 002: "立足“十三五”卫生和计划生育发展目标任务"; "市四院"; "三评比、三促进"; "三十铺"
  EXPECT_TRUE(texts("立足“十三五”卫生和计划生育发展目标任务，市四院稳步推进").empty());
  EXPECT_TRUE(texts("“三评比、三促进”工作；三十铺、东桥、张店").empty());
  // seed 002: "第一、第二个子女《生殖保健服务证》"; "第二十九个“世界无烟日”"
  EXPECT_TRUE(texts("第一、第二个子女《生殖保健服务证》；第二十九个“世界无烟日”").empty());
  // seed 002: "在5.29第17个会员日期间": 5.29 is read (bare), 第17个 is an ordinal.
  EXPECT_EQ(texts("在5.29第17个会员日期间"), (std::vector<std::string>{"5.29"}));
  // seed 002: "积极开展“两学一做”工作…两手抓、两促进、两不误"; "两女扎193人"
  EXPECT_TRUE(texts("积极开展“两学一做”工作，两手抓、两促进、两不误").empty());
  EXPECT_EQ(texts("两女扎193人"), (std::vector<std::string>{"193人"}));
  // seed 000: "计生特扶家庭…一次性奖励金" (一次性 is "one-off")
  EXPECT_TRUE(texts("退休职工一次性奖励金").empty());
  // Arabic list markers at the start of a line, (1) anywhere.
  EXPECT_EQ(texts("1、认真开展妇幼健康工作\n  2、全面完成\n12、3岁以下婴幼儿照护服务工作"),
            (std::vector<std::string>{"3岁"}));
  EXPECT_TRUE(texts("（1）加强培训 (2)开展督查").empty());
  // seed 002: "(金政〔2024〕66号)": a document number.
  EXPECT_TRUE(texts("(金政〔2024〕66号)").empty());
  // seed 002: "人感染H7N9禽流感": a name.
  EXPECT_TRUE(texts("人感染H7N9禽流感、COVID-19").empty());
  // seed 002: "按照“区卫计委包保责任领导(股室)+区级指导团队+1名乡镇卫生院服务团队”": + joins.
  EXPECT_EQ(texts("区级指导团队+1名乡镇卫生院服务团队"), (std::vector<std::string>{"1名"}));
  EXPECT_TRUE(texts("一村一品 各具特色").empty());
  EXPECT_TRUE(texts("千人 百姓 万一 零星").empty());
}

// --- Rate names before the number ------------------------------------------------------------

TEST(ReadFigures, RateNamedBeforeTheNumber) {
  // issue 17: "千人口床位数6.5" (a density per 1,000 population; the name is part of the span).
  const Figure a = only("千人口床位数6.5");
  EXPECT_EQ(a.unit_kind, FigureUnitKind::rate);
  EXPECT_EQ(a.rate_unit, Unit::per_1000_population());
  EXPECT_EQ(a.unit, "/千人");
  EXPECT_EQ(a.start, 0u);
  EXPECT_EQ(a.text, "千人口床位数6.5");
  // docs/units-and-rounding.md: "千人口托位数2.36"
  EXPECT_EQ(only("全区千人口托位数为2.36").text, "千人口托位数为2.36");
  EXPECT_EQ(only("每千人口执业医师数2.5").rate_unit, Unit::per_1000_population());
  // issue 17: "每万常住人口50间" (per 10,000 residents).
  const Figure b = only("隔离房间达到每万常住人口50间");
  EXPECT_EQ(b.text, "每万常住人口50间");
  EXPECT_EQ(b.rate_unit, Unit::per_10k());
  EXPECT_EQ(b.value, 50);
  // Without 数 (and without 每) 千人口 names nothing: a bare number.
  EXPECT_EQ(only("千人口中6.5").unit_kind, FigureUnitKind::none);
}

TEST(ReadFigures, OtherRateUnits) {
  EXPECT_EQ(only("2.36/千人").rate_unit, Unit::per_1000_population());
  EXPECT_EQ(only("3.2‱").rate_unit, Unit::per_10k());
  EXPECT_EQ(only("12.5/100000").unit, "/10万");
  EXPECT_EQ(only("１２．５％").value, 12.5); // full-width digits, point and per cent
}

// --- Dates and durations ---------------------------------------------------------------------

TEST(ReadFigures, DatesAndPeriods) {
  // seed 000: "2019年10月28日与中国人寿谢家集支行联合开展"
  const Figure a = only("2019年10月28日与中国人寿谢家集支行联合开展");
  EXPECT_EQ(a.unit_kind, FigureUnitKind::date);
  EXPECT_EQ(a.text, "2019年10月28日");
  EXPECT_EQ(a.date, (zhibiao::FigureDate{2019, 10, 28, 0, 0, 0}));
  EXPECT_EQ(a.unit, "年月日");
  // seed 000: "2019年1-11月份我区累计剖宫产率为35.12%"
  const auto b = read_figures("2019年1-11月份我区累计剖宫产率为35.12%");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].text, "2019年1-11月份");
  EXPECT_EQ(b[0].date, (zhibiao::FigureDate{2019, 1, 0, 0, 11, 0}));
  // seed 000: "截止11月份，发放孕卡659本"; "1月份至今"
  EXPECT_EQ(read_figures("截止11月份，发放孕卡659本")[0].date.month, 11);
  EXPECT_EQ(read_figures("1月份至今")[0].text, "1月份");
  // seed 002: "今年1-5月"; "截至5月31日"; "2024年1月1日起"; "5月底"
  EXPECT_EQ(only("今年1-5月").date.end_month, 5);
  EXPECT_EQ(only("截至5月31日").date, (zhibiao::FigureDate{0, 5, 31, 0, 0, 0}));
  EXPECT_EQ(only("2024年1月1日起").unit, "年月日");
  EXPECT_EQ(only("截止5月底").text, "5月");
  // seed 000: "《淮南市2019年度用人单位…》"
  EXPECT_EQ(only("《淮南市2019年度用人单位工作场所》").unit, "年度");
  // seed 000: "“5.29”会员活动日、“7.11”世界人口日": a month.day in quotation marks.
  const auto c = read_figures("“5.29”会员活动日、“7.11”世界人口日");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].text, "“5.29”");
  EXPECT_EQ(c[0].date, (zhibiao::FigureDate{0, 5, 29, 0, 0, 0}));
  EXPECT_EQ(c[1].date.month, 7);
  // A quotation mark closes one date or opens the next, not both (found by the fuzz target).
  EXPECT_EQ(texts("2.3\"2.5"), (std::vector<std::string>{"2.3\"", "2.5"}));
  // Chinese dates; a range of years; two dates.
  EXPECT_EQ(only("二〇一九年十二月十三日").date, (zhibiao::FigureDate{2019, 12, 13, 0, 0, 0}));
  EXPECT_EQ(only("十一月份").date.month, 11);
  EXPECT_EQ(only("2019-2020年").date.end_year, 2020);
  EXPECT_EQ(texts("10月1日至5月31日"), (std::vector<std::string>{"10月1日", "5月31日"}));
  // seed 000: "2019统计年度": without 年 a year is a bare number.
  EXPECT_EQ(only("2019统计年度").unit_kind, FigureUnitKind::none);
}

TEST(ReadFigures, Durations) {
  // seed 000: "对65岁及以上老人健康规范管理15506人"
  const Figure a = read_figures("对65岁及以上老人健康规范管理15506人")[0];
  EXPECT_EQ(a.unit_kind, FigureUnitKind::duration);
  EXPECT_EQ(a.unit, "岁");
  // seed 002: "对连续3个月剖宫产率大于50%的单位" (个月, not 3个)
  const Figure b = read_figures("对连续3个月剖宫产率大于50%的单位")[0];
  EXPECT_EQ(b.unit, "个月");
  EXPECT_EQ(b.unit_kind, FigureUnitKind::duration);
  // seed 000: "0-6岁儿童保健覆盖率90.1%": 0 (bare) and 6岁; the dash is not a minus sign.
  const auto c = read_figures("0-6岁儿童保健覆盖率90.1%");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].value, 0);
  EXPECT_EQ(c[1].text, "6岁");
  EXPECT_EQ(c[1].value, 6);
  EXPECT_EQ(only("24小时").unit, "小时");
  // 3个多月: more than three months, below four.
  const Figure m = only("历时3个多月");
  EXPECT_EQ(m.text, "3个多月");
  EXPECT_EQ(m.unit, "个月");
  EXPECT_EQ(m.bound, FigureBound::more_than);
  EXPECT_DOUBLE_EQ(m.upper, 4);
  EXPECT_EQ(only("三个多月").unit_kind, FigureUnitKind::duration);
  EXPECT_EQ(only("3天").unit_kind, FigureUnitKind::duration);
  // seed 000: "一年来，开展各类健康讲座50场"
  EXPECT_EQ(read_figures("一年来，开展各类健康讲座50场")[0].unit, "年");
}

// --- Forms: separators, signs, widths ------------------------------------------------------------

TEST(ReadFigures, ThousandsSeparators) {
  EXPECT_EQ(only("不少于1,000人").value, 1000);
  EXPECT_EQ(only("1，000人").value, 1000);           // full-width comma
  EXPECT_EQ(only("完成1,200,000元").value, 1200000); // two groups
  EXPECT_EQ(only("1,000.50元").printed.to_string(), "1000.50");
  // Not a group of exactly three: the comma is punctuation.
  EXPECT_EQ(texts("1,5"), (std::vector<std::string>{"1", "5"}));
  EXPECT_EQ(texts("1234,567"), (std::vector<std::string>{"1234", "567"}));
  EXPECT_EQ(texts("1,0005"), (std::vector<std::string>{"1", "0005"}));
  // A grouped number that goes on with a broken group is not read.
  EXPECT_TRUE(texts("1,000,00").empty());
}

TEST(ReadFigures, Signs) {
  EXPECT_EQ(only("-3.2%").value, -3.2);
  EXPECT_EQ(only("−3.2%").value, -3.2); // U+2212 MINUS SIGN
  EXPECT_EQ(only("负3.2%").value, -3.2);
  EXPECT_EQ(only("较上年增长-3.2%").text, "-3.2%");
  EXPECT_EQ(only("+2.5个百分点").value, 2.5);
  // −3.56 stands for (−3.565, −3.555].
  const Figure f = only("-3.56");
  EXPECT_DOUBLE_EQ(f.lower, -3.565);
  EXPECT_DOUBLE_EQ(f.upper, -3.555);
  // A dash between figures is a range, not a sign: 90%-95%, 3.5万-4万, 3人-5人.
  EXPECT_EQ(read_figures("90%-95%")[1].value, 95);
  EXPECT_EQ(texts("3.5万-4万"), (std::vector<std::string>{"3.5万", "4万"}));
  EXPECT_EQ(read_figures("3人-5人")[1].value, 5);
}

TEST(ReadFigures, MixedWidthsAreFoldedPerCharacter) {
  // Full-width forms fold one by one (detail/utf8.hpp), as in every zhibiao parser: １2３ is 123.
  const Figure f = only("１2３人");
  EXPECT_EQ(f.value, 123);
  EXPECT_EQ(f.text, "１2３人"); // the text as written
  EXPECT_EQ(only("1，000,000人").value, 1000000);
}

// --- Bad input ---------------------------------------------------------------------------------

TEST(ReadFigures, InvalidUtf8IsAParseErrorAtItsPosition) {
  // "率94%" then a lone continuation byte: the error is at code point 4.
  const std::string text = "率94%\x80";
  try {
    (void)read_figures(text);
    FAIL() << "no error";
  } catch (const zhibiao::parse_error& e) {
    EXPECT_EQ(e.field(), "text");
    EXPECT_EQ(e.position(), 4u);
    EXPECT_EQ(e.expected(), "valid UTF-8 text");
  }
  EXPECT_EQ(error_of("94\xC0\xAF%", "rate").field, "rate"); // an overlong form
  EXPECT_EQ(error_of("94\xC0\xAF%", "rate").position, 2u);
}

TEST(ReadFigures, HugeNumbersAreSkippedNotInfinite) {
  // 24 significant digits: more than a Decimal holds; not read, and no tail of it either.
  EXPECT_TRUE(texts("编号123456789012345678901234人").empty());
  const Error e = error_of("123456789012345678901234人");
  EXPECT_EQ(e.position, 0u);
  EXPECT_EQ(e.expected, "a number of at most 18 significant digits");
  // 18 digits before 万亿: 1.2e29, finite.
  const Figure f = only("123456789012345678万亿");
  EXPECT_TRUE(std::isfinite(f.value));
  EXPECT_NEAR(f.value, 1.23456789012345678e29, 1e15);
  // Leading zeros are not significant.
  EXPECT_EQ(only("0000000000000000000000007人").value, 7);
  // A long fraction of zeros is a tiny finite number.
  EXPECT_GE(only("0." + std::string(250, '0') + "1").value, 0.0);
}

TEST(ReadFigures, DottedNumbersLoneSignsAndEmptyText) {
  EXPECT_TRUE(texts("1.2.3").empty());
  EXPECT_EQ(error_of("1.2.3").position, 3u);
  EXPECT_TRUE(texts("-").empty());
  EXPECT_TRUE(texts("增长-%").empty());
  EXPECT_TRUE(texts("").empty());
  EXPECT_TRUE(texts(".5").empty()); // a number starts with a digit: 0.5
  EXPECT_TRUE(texts("1e3").empty());
  // A signed number that is skipped (followed by a letter) moves the scan on (found by the fuzz
  // target: 负3q looped).
  EXPECT_TRUE(texts("负3q −3q +3q").empty());
}

// --- read_figure ---------------------------------------------------------------------------------

TEST(ReadFigure, ExactlyOneFigureWithSpacesAround) {
  const Figure f = read_figure("  94.13%  ", "rate");
  EXPECT_EQ(f.start, 2u);
  EXPECT_EQ(f.end, 8u);
  EXPECT_EQ(f.text, "94.13%");
  EXPECT_EQ(read_figure("　约1.8万平方米　").bound, FigureBound::about); // ideographic spaces
  EXPECT_EQ(read_figure("千人口床位数6.5").rate_unit, Unit::per_1000_population());
}

TEST(ReadFigure, RefusesWithFieldPositionAndWhatWasExpected) {
  Error e = error_of("", "quota");
  EXPECT_EQ(e.field, "quota");
  EXPECT_EQ(e.position, 0u);
  EXPECT_NE(e.expected.find("a figure such as"), std::string::npos);
  e = error_of("5人6人");
  EXPECT_EQ(e.position, 2u);
  EXPECT_NE(e.expected.find("the end of the figure '5人'"), std::string::npos);
  e = error_of("完成率94.13%");
  EXPECT_EQ(e.position, 0u);
  e = error_of("1,5");
  EXPECT_EQ(e.position, 1u);
  e = error_of("一是");
  EXPECT_EQ(e.position, 0u);
  EXPECT_NE(e.expected.find("measure word"), std::string::npos);
  e = error_of("第三");
  EXPECT_NE(e.expected.find("ordinal"), std::string::npos) << e.expected;
  e = error_of("H7N9");
  EXPECT_EQ(e.position, 1u);
  e = error_of("-");
  EXPECT_EQ(e.position, 0u);
  e = error_of("94.13%以上");
  EXPECT_EQ(e.position, 6u);
}

// --- A whole paragraph ---------------------------------------------------------------------------

// Written for this test in the seeds' style (not copied from a report). Every figure with its
// value, printed decimals, unit and code-point offsets; the offsets are those Python's str.find
// gives on the same text (a str indexes code points), and the loop checks the text at them.
TEST(ReadFigures, WholeParagraph) {
  const std::string text = "2023年1-6月，全区免费婚检任务数为2,000人，已完成1,873人，完成率93.65%；"
                           "常住人口约12.6万人，家庭医生签约率35.20%，较去年同期提高2.5个百分点。"
                           "发放补助资金近300万元，其中孕产妇补助不到50万元；新建村卫生室三所，"
                           "千人口床位数为6.5。一是加强培训；二是开展督查。";
  struct Want {
    const char* text;
    std::size_t start, end;
    double value;
    int decimals;
    FigureUnitKind kind;
    const char* unit;
    FigureBound bound;
  };
  const Want want[] = {
      {"2023年1-6月", 0, 9, 2023, 0, FigureUnitKind::date, "年月", FigureBound::exact},
      {"2,000人", 20, 26, 2000, 0, FigureUnitKind::count, "人", FigureBound::exact},
      {"1,873人", 30, 36, 1873, 0, FigureUnitKind::count, "人", FigureBound::exact},
      {"93.65%", 40, 46, 93.65, 2, FigureUnitKind::rate, "%", FigureBound::exact},
      {"约12.6万人", 51, 58, 126000, 1, FigureUnitKind::count, "万人", FigureBound::about},
      {"35.20%", 66, 72, 35.2, 2, FigureUnitKind::rate, "%", FigureBound::exact},
      {"2.5个百分点", 80, 87, 2.5, 1, FigureUnitKind::percentage_points, "个百分点",
       FigureBound::exact},
      {"近300万元", 94, 100, 3000000, 0, FigureUnitKind::money, "万元", FigureBound::nearly},
      {"不到50万元", 108, 114, 500000, 0, FigureUnitKind::money, "万元", FigureBound::less_than},
      {"三所", 121, 123, 3, 0, FigureUnitKind::count, "所", FigureBound::exact},
      {"千人口床位数为6.5", 124, 134, 6.5, 1, FigureUnitKind::rate, "/千人", FigureBound::exact},
  };
  const auto got = read_figures(text);
  ASSERT_EQ(got.size(), std::size(want));
  for (std::size_t k = 0; k < got.size(); ++k) {
    SCOPED_TRACE(want[k].text);
    EXPECT_EQ(got[k].text, want[k].text);
    EXPECT_EQ(got[k].start, want[k].start);
    EXPECT_EQ(got[k].end, want[k].end);
    EXPECT_DOUBLE_EQ(got[k].value, want[k].value);
    EXPECT_EQ(got[k].decimals, want[k].decimals);
    EXPECT_EQ(got[k].unit_kind, want[k].kind);
    EXPECT_EQ(got[k].unit, want[k].unit);
    EXPECT_EQ(got[k].bound, want[k].bound);
    // The offsets are those of the text in the input.
    const std::size_t b = zhibiao::detail::byte_offset_of(text, got[k].start);
    const std::size_t e = zhibiao::detail::byte_offset_of(text, got[k].end);
    EXPECT_EQ(text.substr(b, e - b), got[k].text);
  }
  // 12.6万 about: one unit of the last digit (1000) is below 5 % of 126000 (6300): ±6300.
  EXPECT_DOUBLE_EQ(got[4].lower, 119700);
  EXPECT_DOUBLE_EQ(got[4].upper, 132300);
  // 近300万元: 5 % of 3,000,000 (150,000) below it.
  EXPECT_DOUBLE_EQ(got[7].lower, 2850000);
  EXPECT_DOUBLE_EQ(got[7].upper, 3000000);
  EXPECT_DOUBLE_EQ(got[8].lower, 0);
  EXPECT_DOUBLE_EQ(got[8].upper, 500000);
  EXPECT_EQ(got[10].rate_unit, Unit::per_1000_population());
}

// --- The seed reports themselves (skipped, saying so, when their texts are absent) -------------

namespace {

using zhibiao::test::seed_text;

// The figure whose text is `phrase_figure` inside the first occurrence of `phrase`.
const Figure* find(const std::vector<Figure>& figures, const std::string& text,
                   const std::string& phrase, const std::string& figure_text) {
  const std::size_t at = text.find(phrase);
  if (at == std::string::npos) return nullptr;
  const std::size_t byte = at + phrase.find(figure_text);
  const std::size_t cp = zhibiao::detail::code_points_before(text, byte);
  for (const Figure& f : figures)
    if (f.text == figure_text && f.start == cp) return &f;
  return nullptr;
}

} // namespace

TEST(ReadFiguresSeeds, Seed000) {
  const std::string text = seed_text("000_b5c097da57629d65.txt");
  if (text.empty()) GTEST_SKIP() << "seed 000 not found (set ZHIBIAO_SEEDS_DIR to shared/seeds)";
  const auto figures = read_figures(text);
  std::size_t checkable = 0;
  for (const Figure& f : figures) checkable += f.unit_kind != FigureUnitKind::date;
  EXPECT_GE(checkable, 120u); // the auditor needs at least 40
  const struct {
    const char* phrase;
    const char* figure;
    double value;
  } cases[] = {
      {"任务完成率94.13%", "94.13%", 94.13},
      {"签约人数59902人", "59902人", 59902},
      {"签约率33.65%", "33.65%", 33.65},
      {"电子建档率86.33%", "86.33%", 86.33},
      {"居民健康电子档案累计完成153672人", "153672人", 153672},
      {"出生率为4.86‰", "4.86‰", 4.86},
      {"高血压有偿签约人数4084", "4084", 4084},
      {"签约率2.2%", "2.2%", 2.2},
      {"资金323.172万元", "323.172万元", 3231720},
      {"监督检查104家", "104家", 104},
      {"参与的群众达13000余人", "13000余人", 13000},
      {"已召开3\n次", "3\n次", 3},
  };
  for (const auto& c : cases) {
    const Figure* f = find(figures, text, c.phrase, c.figure);
    ASSERT_NE(f, nullptr) << c.phrase;
    EXPECT_DOUBLE_EQ(f->value, c.value) << c.phrase;
  }
  for (const Figure& f : figures) {
    EXPECT_NE(f.text, "一");
    EXPECT_EQ(f.text.find("两卡"), std::string::npos);
  }
}

TEST(ReadFiguresSeeds, Seed002) {
  const std::string text = seed_text("002_5f89a4321b8daabd.txt");
  if (text.empty()) GTEST_SKIP() << "seed 002 not found (set ZHIBIAO_SEEDS_DIR to shared/seeds)";
  const auto figures = read_figures(text);
  const struct {
    const char* phrase;
    const char* figure;
    double value;
  } cases[] = {
      {"已累计完成接种67072剂次", "67072剂次", 67072},
      {"7469人×22针次", "7469人", 7469},
      {"7469人×22针次", "22针次", 22},
      {"完成全年任务的40.8%", "40.8%", 40.8},
      {"对象22846人", "22846人", 22846},
      {"实际到位资金2400万元", "2400万元", 24000000},
      {"其中2024万用于", "2024万", 20240000},
      {"发病率153.895/10万", "153.895/10万", 153.895},
      {"全区有近54万人次", "近54万人次", 540000},
      {"3.6亿余元", "3.6亿余元", 360000000},
  };
  for (const auto& c : cases) {
    const Figure* f = find(figures, text, c.phrase, c.figure);
    ASSERT_NE(f, nullptr) << c.phrase;
    EXPECT_DOUBLE_EQ(f->value, c.value) << c.phrase;
  }
}

// Every figure read from the seeds reads back on its own as the same figure (what the fuzz target
// checks on random text).
TEST(ReadFiguresSeeds, EachFigureReadsBackAlone) {
  for (const char* name : {"000_b5c097da57629d65.txt", "002_5f89a4321b8daabd.txt"}) {
    const std::string text = seed_text(name);
    if (text.empty()) GTEST_SKIP() << "seeds not found (set ZHIBIAO_SEEDS_DIR to shared/seeds)";
    for (const Figure& f : read_figures(text)) {
      const Figure g = read_figure(f.text);
      EXPECT_EQ(g.value, f.value) << f.text;
      EXPECT_EQ(g.unit, f.unit) << f.text;
      EXPECT_EQ(g.bound, f.bound) << f.text;
    }
  }
}

// --- Densities named before a counted number (issue 17: gaps found by the report auditor) -----
// The phrases are from the audit test documents (tests/data/audit/: baisha_2025_h1.txt,
// shimen_2021_stat_year.txt). An indicator's name ending in 数 before a number with its own
// measure word is not part of the figure: the figure is a rate (so the auditor never adds it up
// as a count) printed with that word, its population base in `density` and `rate_unit`
// (docs/figures.md §2).

TEST(ReadFigures, DensityNamedBeforeACountedNumber) {
  // 区0医1疗2卫3生4机5构6实7有8床9位10 2958(11-14)张15 ，16 千17人18口19床20位21数22
  // 6.99(23-26)张27.
  const auto beds = read_figures("区医疗卫生机构实有床位2958张，千人口床位数6.99张");
  ASSERT_EQ(beds.size(), 2u);
  EXPECT_EQ(beds[0].text, "2958张");
  EXPECT_FALSE(beds[0].density.has_value());
  const Figure& d = beds[1];
  EXPECT_EQ(d.text, "6.99张"); // before: "千人口床位数6.99张", a rate /千人 from 千
  EXPECT_EQ(d.start, 23u);
  EXPECT_EQ(d.end, 28u);
  EXPECT_EQ(d.value, 6.99);
  EXPECT_EQ(d.unit, "张");
  EXPECT_EQ(d.unit_kind, FigureUnitKind::rate);
  EXPECT_EQ(d.density, Unit::per_1000_population());
  EXPECT_EQ(d.rate_unit, Unit::per_1000_population());
  // 6.99 stands for [6.985, 6.995).
  EXPECT_DOUBLE_EQ(d.lower, 6.985);
  EXPECT_DOUBLE_EQ(d.upper, 6.995);
  EXPECT_EQ(d.number_start, 23u);
  EXPECT_EQ(d.number_end, 27u);
  EXPECT_EQ(d.unit_start, 27u);
  EXPECT_EQ(d.unit_end, 28u);

  // 全0科1医2生3 152(4-6)人7 ，8 每9万10常11住12人13口14全15科16医17生18数19 3.6(20-22)人23:
  // before, a count 3.6人 (每万…人口 had to end right before the number).
  const auto gp = read_figures("全科医生152人，每万常住人口全科医生数3.6人");
  ASSERT_EQ(gp.size(), 2u);
  EXPECT_EQ(gp[0].value, 152);
  EXPECT_FALSE(gp[0].density.has_value());
  EXPECT_EQ(gp[1].text, "3.6人");
  EXPECT_EQ(gp[1].start, 20u);
  EXPECT_EQ(gp[1].value, 3.6);
  EXPECT_EQ(gp[1].unit, "人");
  EXPECT_EQ(gp[1].unit_kind, FigureUnitKind::rate);
  EXPECT_EQ(gp[1].rate_unit, Unit::per_10k());
  EXPECT_EQ(gp[1].density, Unit::per_10k());
  EXPECT_EQ(gp[0].unit_kind, FigureUnitKind::count); // 152人 is a count

  // 力0争1每2千3人4口5托6位7数8达9到10 3(11)个12 以13上14: before, the figure was
  // "每千人口托位数达到3个" from 2 to 13 (a rate /千人); 以上 is target wording, not the figure's.
  const auto places = read_figures("力争每千人口托位数达到3个以上；");
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].text, "3个");
  EXPECT_EQ(places[0].start, 11u);
  EXPECT_EQ(places[0].end, 13u);
  EXPECT_EQ(places[0].value, 3);
  EXPECT_EQ(places[0].unit_kind, FigureUnitKind::rate);
  EXPECT_EQ(places[0].unit, "个");
  EXPECT_EQ(places[0].density, Unit::per_1000_population());
  EXPECT_EQ(places[0].bound, FigureBound::exact);
  // Alone, 3个以上 is the count 3个 at 0 (以上 left out), with no density: the one reading that
  // depends on the text before the figure.
  const auto alone = read_figures("3个以上");
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].start, 0u);
  EXPECT_EQ(alone[0].end, 2u);
  EXPECT_EQ(alone[0].unit_kind, FigureUnitKind::count);
  EXPECT_FALSE(alone[0].density.has_value());

  // A bare number keeps the name as its unit (the span starts at the name, as before), and
  // carries the density too.
  const Figure bare = only("千人口床位数6.5");
  EXPECT_EQ(bare.start, 0u);
  EXPECT_EQ(bare.unit, "/千人");
  EXPECT_EQ(bare.density, Unit::per_1000_population());
  // The base written right before the number is the figure's unit (no indicator name ending in
  // 数): unchanged.
  const Figure rooms = only("隔离房间达到每万常住人口50间");
  EXPECT_EQ(rooms.text, "每万常住人口50间");
  EXPECT_EQ(rooms.unit_kind, FigureUnitKind::rate);
  EXPECT_EQ(rooms.number_start, 12u);
}

// Figure::number_start/end and unit_start/end: the number alone and the unit word after it.
TEST(ReadFigures, SpansOfTheNumberAndItsUnit) {
  // 约0 1.45(1-4) 万5 人6: the qualifier is in the figure, not in the number.
  const Figure a = only("约1.45万人");
  EXPECT_EQ(a.start, 0u);
  EXPECT_EQ(a.number_start, 1u);
  EXPECT_EQ(a.number_end, 6u);
  EXPECT_EQ(a.unit_start, 6u);
  EXPECT_EQ(a.unit_end, 7u);
  // seed 002 "我委已召开3\n次": 我0委1已2召3开4 3(5) \n6 次7.
  const Figure b = only("我委已召开3\n次安全生产专题会议");
  EXPECT_EQ(b.number_end, 6u);
  EXPECT_EQ(b.unit_start, 7u);
  EXPECT_EQ(b.unit_end, 8u);
  // A bare number: an empty unit span at its end. seed 000 "性别比114.17".
  const Figure c = only("出生人口性别比114.17");
  EXPECT_EQ(c.number_start, 7u);
  EXPECT_EQ(c.number_end, 13u);
  EXPECT_EQ(c.unit_start, 13u);
  EXPECT_EQ(c.unit_end, 13u);
  // A date: its first number, then the rest. seed 000 "2019年10月28日".
  const Figure d = only("2019年10月28日");
  EXPECT_EQ(d.number_end, 4u);
  EXPECT_EQ(d.unit_start, 4u);
  EXPECT_EQ(d.unit_end, 11u);
  // Chinese numerals: seed 000 "五百余位" (五0百1余2位3).
  const Figure e = only("对辖五百余位育龄群众");
  EXPECT_EQ(e.number_start, 2u);
  EXPECT_EQ(e.number_end, 4u);
  EXPECT_EQ(e.unit_start, 5u);
  EXPECT_EQ(e.unit_end, 6u);
}

// --- read_figure_at: one figure at a position, in target mode (docs/figures.md §9) ----------
// The target wording of docs/targets.md §2 and §6 (Threshold::parse and Improvement::parse read
// every number through this entry). Positions count code points, as in the comments.

namespace {
struct AtCase {
  const char* text;
  std::size_t position;
  double value;
  std::size_t number_end;
  std::size_t unit_start, unit_end;
  FigureUnitKind kind;
  const char* unit;
};
} // namespace

TEST(ReadFigureAt, TargetWordingNumbers) {
  using K = FigureUnitKind;
  using zhibiao::FigureReadMode;
  const AtCase cases[] = {
      // 不0低1于2 9(3)0(4) %5
      {"不低于90%", 3, 90, 5, 5, 6, K::rate, "%"},
      {"≥90%", 1, 90, 3, 3, 4, K::rate, "%"},
      {"90%以上", 0, 90, 2, 2, 3, K::rate, "%"},
      // 婴0儿1死2亡3率4低5于6 8(7) ‰8
      {"婴儿死亡率低于8‰", 7, 8, 8, 8, 9, K::rate, "‰"},
      // 控0制1在2 10(3-4) %5 以6内7: 以内 is left to the caller.
      {"控制在10%以内", 3, 10, 5, 5, 6, K::rate, "%"},
      {"达到100%", 2, 100, 5, 5, 6, K::rate, "%"},
      // 不0少1于2 1,000(3-7) 人8
      {"不少于1,000人", 3, 1000, 8, 8, 9, K::count, "人"},
      // 完0成1 1,200(2-6) 例7 以8上9
      {"完成1,200例以上", 2, 1200, 7, 7, 8, K::count, "例"},
      {"不低于500剂次", 3, 500, 6, 6, 8, K::count, "剂次"},
      {"达到3家以上", 2, 3, 3, 3, 4, K::count, "家"},
      // 90%-95%: two figures; the dash after the first is the caller's (a range).
      {"90%-95%", 0, 90, 2, 2, 3, K::rate, "%"},
      {"90%-95%", 4, 95, 6, 6, 7, K::rate, "%"},
      // 在0 85(1-2) %3 至4 95(5-6) %7 之8间9
      {"在85%至95%之间", 5, 95, 7, 7, 8, K::rate, "%"},
      // 较0上1年2提3高4 2(5) 个百分点(6-9)
      {"较上年提高2个百分点", 5, 2, 6, 6, 10, K::percentage_points, "个百分点"},
      {"比上年增加3.56个百分点", 5, 3.56, 9, 9, 13, K::percentage_points, "个百分点"},
      // 出0生1人2口3性4别5比6较7上8年9上10升11 4(12) 个单位(13-15): seed 002
      {"出生人口性别比较上年上升4个单位", 12, 4, 13, 13, 16, K::units, "个单位"},
      // 较0 2015(1-4) 年5: a date in the figure reader; the target reads the number.
      {"较2015年下降30%", 1, 2015, 5, 5, 6, K::date, "年"},
      {"较2015年下降30%", 8, 30, 10, 10, 11, K::rate, "%"},
      {"下降10%", 2, 10, 4, 4, 5, K::rate, "%"},
      // 不0高1于2近3 5(4) 年5; 不0低1于2近3 三(4) 年5 (a Chinese numeral before a measure word).
      {"不高于近5年平均水平", 4, 5, 5, 5, 6, K::duration, "年"},
      {"不低于近三年平均水平", 4, 3, 5, 5, 6, K::duration, "年"},
      {"不低于2023年水平", 3, 2023, 7, 7, 8, K::date, "年"},
      // What target wording has and report prose does not: a leading point, an exponent.
      {"≥.5%", 1, 0.5, 3, 3, 4, K::rate, "%"},
      {"≥1e3", 1, 1000, 4, 4, 4, K::none, ""},
      // ≤0 2.5E-1(1-6) %7: 0.25.
      {"≤2.5E-1%", 1, 0.25, 7, 7, 8, K::rate, "%"},
      {"≤2.5e-7", 1, 2.5e-7, 7, 7, 7, K::none, ""},
      // Signs: 不0低1于2 -5(3-4) %5; U+2212 MINUS SIGN.
      {"不低于-5%", 3, -5, 5, 5, 6, K::rate, "%"},
      {"增长率不低于−5%", 6, -5, 8, 8, 9, K::rate, "%"},
      // Full-width forms fold in place: 不0低1于2 ９(3)０(4) ％5.
      {"不低于９０％", 3, 90, 5, 5, 6, K::rate, "%"},
      {"１，０００人以上", 0, 1000, 5, 5, 6, K::count, "人"},
      // Magnitudes scale exactly: 1.45万 is 14500 (1.45 × 10000 is 14499.999… in binary).
      {"≥1.45万人", 1, 14500, 6, 6, 7, K::count, "万人"},
      {"≥3.5亿元", 1, 350000000, 5, 5, 6, K::money, "亿元"},
      // Rate symbols: 孕0产1妇2死3亡4率5下6降7到8 12(9-10) /10万(11-14).
      {"孕产妇死亡率下降到12/10万", 9, 12, 11, 11, 15, K::rate, "/10万"},
      {"低于10/100000", 2, 10, 4, 4, 11, K::rate, "/10万"},
      // 千0人1口2托3位4数5不6低7于8 2.33(9-12) /千人(13-15)
      {"千人口托位数不低于2.33/千人", 9, 2.33, 13, 13, 16, K::rate, "/千人"},
      // seed 000 "参与的群众达13000余人": in target mode 余 is not read (the caller refuses it).
      {"参与的群众达13000余人", 6, 13000, 11, 11, 11, K::none, ""},
      // 人均预期寿命达到79.0岁 (健康中国2030): 人0均1预2期3寿4命5达6到7 79.0(8-11) 岁12.
      {"人均预期寿命达到79.0岁", 8, 79, 12, 12, 13, K::duration, "岁"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " at " + std::to_string(c.position));
    const Figure f = zhibiao::read_figure_at(c.text, c.position, FigureReadMode::target, "target");
    EXPECT_EQ(f.value, c.value);
    EXPECT_EQ(f.start, c.position);
    EXPECT_EQ(f.number_start, c.position);
    EXPECT_EQ(f.number_end, c.number_end);
    EXPECT_EQ(f.unit_start, c.unit_start);
    EXPECT_EQ(f.unit_end, c.unit_end);
    EXPECT_EQ(f.unit_kind, c.kind);
    EXPECT_EQ(f.unit, c.unit);
    EXPECT_EQ(f.bound, FigureBound::exact); // target mode reads no qualifier
  }
  // Describe prints 1e300 in full (Decimal::to_string): the zeros that end it are a power of
  // ten in target mode, not 301 significant digits.
  const Figure big =
      zhibiao::read_figure_at("≥1" + std::string(300, '0'), 1, FigureReadMode::target);
  EXPECT_EQ(big.value, 1e300);
}

TEST(ReadFigureAt, TargetModeRefusesWithThePosition) {
  using zhibiao::FigureReadMode;
  struct Refused {
    std::string text;
    std::size_t position;
    std::size_t at;
    const char* expected;
  };
  const Refused cases[] = {
      // 不0低1于2 1(3) ,4 5(5): a decimal comma is not 1.5, nor 1 and 5.
      {"不低于1,5%", 3, 4, "three digits after a thousands separator"},
      {"1,00", 0, 1, "three digits after a thousands separator"},
      {"不低于1,0000", 3, 4, "three digits after a thousands separator"},
      // 不0低1于2 1000(3-6) ,7: a first group of four.
      {"不低于1000,000", 3, 7, "after one to three digits"},
      {"≥1,000,00人", 1, 6, "three digits after a thousands separator"},
      // ≥0 5(1) .2 %3: a point with no digit after it.
      {"≥5.%", 1, 3, "a digit after the decimal point"},
      {"≥1.2.3%", 1, 4, "the end of the number"},
      {"≥1e3万", 1, 4, "either an exponent or a magnitude"},
      // 低0于1 10(2-3) /4: a unit symbol the reader does not know.
      {"低于10/百万", 2, 4, "a unit symbol such as"},
      {"不低于1" + std::string(400, '9') + "%", 3, 3, "a number within the range of a double"},
      {"≥1e400%", 1, 1, "a number within the range of a double"},
      {"≥1234567890123456789", 1, 1, "at most 18 significant digits"},
      {"越高越好", 0, 0, "a number"},
      {"≥90%", 4, 4, "a number"}, // past the end
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text + " at " + std::to_string(c.position));
    try {
      (void)zhibiao::read_figure_at(c.text, c.position, FigureReadMode::target, "target");
      ADD_FAILURE() << "no error";
    } catch (const zhibiao::parse_error& e) {
      EXPECT_EQ(e.field(), "target");
      EXPECT_EQ(e.position(), c.at);
      EXPECT_NE(e.expected().find(c.expected), std::string::npos) << e.expected();
    }
  }
  // In prose mode the same reader reads report text as read_figures does: 1,5 is 1 then a comma
  // (seed 000 "9199，有偿签约率": punctuation), 13000余人 is more than 13000 people, and 1e3 is a
  // code, not a number.
  EXPECT_EQ(zhibiao::read_figure_at("1,5", 0).value, 1);
  EXPECT_EQ(zhibiao::read_figure_at("1,5", 0).end, 1u);
  const Figure yu = zhibiao::read_figure_at("参与的群众达13000余人", 6);
  EXPECT_EQ(yu.bound, FigureBound::more_than);
  EXPECT_EQ(yu.end, 13u);
  EXPECT_THROW((void)zhibiao::read_figure_at("1e3", 0), zhibiao::parse_error);
}
