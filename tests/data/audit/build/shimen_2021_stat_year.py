import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product
from lib import DATA as D
d = Doc(D + "shimen_2021_stat_year.txt", D + "shimen_2021_stat_year.expected.json", {
    "document": "shimen_2021_stat_year",
    "description": "synthetic: 石门区 (fictional) health commission, population and family work in the 2021 statistical year "
                   "(1 Oct 2020 - 30 Sep 2021)",
    "as_of": "2021-10-15", "period": "2021统计年度（2020-10-01至2021-09-30）", "example": False})
F = d.fig; P = "%"; W, Y = 10000, 100000000
F("pop", "39.58万人", "年平均人口", 395800, 2, "人", "count", magnitude=W, after="全区年平均人口")
F("cs", "2874人", "出生", 2874, 0, "人", "count", period="2021统计年度")
F("cs_r", "7.26‰", "出生率", 7.26, 2, "‰", "rate")
F("sw", "2533人", "死亡", 2533, 0, "人", "count")
F("sw_r", "6.40‰", "死亡率", 6.40, 2, "‰", "rate")
F("zz", "341人", "自然增长", 341, 0, "人", "count")
F("zz_r", "0.86‰", "自然增长率", 0.86, 2, "‰", "rate")
F("nan", "1512人", "男孩", 1512, 0, "人", "count")
F("nv", "1362人", "女孩", 1362, 0, "人", "count")
F("xbb", "111.01", "出生人口性别比", 111.01, 2, "", "none")
F("h1", "1196人", "一孩", 1196, 0, "人", "count")
F("h1_s", "41.61%", "一孩占比", 41.61, 2, P, "rate")
F("h1_c", "3.12个百分点", "一孩占比下降", 3.12, 2, "个百分点", "percentage_points")
F("h2", "1287人", "二孩", 1287, 0, "人", "count")
F("h2_s", "44.78%", "二孩占比", 44.78, 2, P, "rate")
F("h2_c", "0.85个百分点", "二孩占比上升", 0.85, 2, "个百分点", "percentage_points")
F("h3", "391人", "三孩及以上", 391, 0, "人", "count")
F("h3_s", "13.60%", "三孩及以上占比", 13.60, 2, P, "rate")
F("h3_c", "2.27个百分点", "三孩及以上占比上升", 2.27, 2, "个百分点", "percentage_points")
F("zc", "2832人", "政策内出生", 2832, 0, "人", "count")
F("zc_r", "98.54%", "政策符合率", 98.54, 2, P, "rate")
F("bfh", "42人", "不符合政策出生", 42, 0, "人", "count")
F("y1", "19人", "未婚生育", 19, 0, "人", "count")
F("y2", "15人", "再婚生育", 15, 0, "人", "count")
F("y3", "11人", "流动人口", 11, 0, "人", "count")
F("jl_q", "4620人", "奖励扶助对象任务数", 4620, 0, "人", "count")
F("jl_d", "4586人", "已确认奖励扶助对象", 4586, 0, "人", "count")
F("jl_r", "99.62%", "确认完成率", 99.62, 2, P, "rate")
F("jl_bz", "960元", "奖励扶助每人每年标准", 960, 0, "元", "money")
F("jl_zj", "440.256万元", "奖励扶助金", 4402560, 3, "元", "money", magnitude=W)
F("sc", "612人", "伤残家庭特别扶助对象", 612, 0, "人", "count")
F("sc_bz", "420元", "伤残家庭每人每月标准", 420, 0, "元", "money")
F("sc_zj", "308.448万元", "伤残家庭特别扶助金", 3084480, 3, "元", "money", magnitude=W)
F("sw2", "748人", "死亡家庭特别扶助对象", 748, 0, "人", "count")
F("sw_bz", "510元", "死亡家庭每人每月标准", 510, 0, "元", "money")
F("sw_zj", "457.776万元", "死亡家庭特别扶助金", 4577760, 3, "元", "money", magnitude=W)
F("zj", "1356.72万元", "奖励扶助和特别扶助资金", 13567200, 2, "元", "money", magnitude=W)
F("zj1", "440.256万元", "奖励扶助金（分项）", 4402560, 3, "元", "money", magnitude=W)
F("zj2", "308.448万元", "伤残家庭特别扶助金（分项）", 3084480, 3, "元", "money", magnitude=W)
F("zj3", "457.776万元", "死亡家庭特别扶助金（分项）", 4577760, 3, "元", "money", magnitude=W)
F("zj4", "150.24万元", "其他项目", 1502400, 2, "元", "money", magnitude=W)
F("ty", "28家", "托育机构", 28, 0, "家", "count")
F("ty_ba", "24家", "已备案托育机构", 24, 0, "家", "count")
F("tw", "954个", "托位", 954, 0, "个", "count")
F("tw_r", "2.41个", "每千人口托位数", 2.41, 2, "个/千人口", "rate")
F("zx", "1个", "婴幼儿照护服务指导中心", 1, 0, "个", "count")
F("px", "4期", "托育从业人员培训", 4, 0, "期", "count")
F("px_r", "236人次", "培训保育人员", 236, 0, "人次", "count")
F("jd", "9个", "街道（乡镇）", 9, 0, "个", "count")
F("jd_d", "7个", "建成社区托育服务点的街道（乡镇）", 7, 0, "个", "count")
F("yq_q", "3150对", "孕前优生目标人群", 3150, 0, "对", "count")
F("yq_d", "2906对", "孕前优生已检查", 2906, 0, "对", "count")
F("yq_c", "全覆盖", "孕前优生覆盖声明", None, None, None, "none")
F("ys_r", "90%以上", "叶酸服用率", 90, 0, P, "rate", bound="more_than")
F("xs", "2,831人", "新生儿遗传代谢性疾病筛查", 2831, 0, "人", "count")
F("xs_r", "98.50%", "新生儿疾病筛查率", 98.50, 2, P, "rate")
F("tl", "2,806人", "新生儿听力筛查", 2806, 0, "人", "count")
F("tl_r", "97.63%", "听力筛查率", 97.63, 2, P, "rate")
F("jj", "2例", "先天性甲状腺功能减低症", 2, 0, "例", "count")
F("pku", "1例", "苯丙酮尿症", 1, 0, "例", "count")
F("lr", "4.62万人", "流入人口", 46200, 2, "人", "count", magnitude=W)
F("lc", "2.1万余人", "流出人口", 21000, 1, "人", "count", magnitude=W, bound="more_than")
F("lr_da", "85%以上", "流动人口建档率", 85, 0, P, "rate", bound="more_than")
F("xf", "60户", "幸福家庭示范户", 60, 0, "户", "count")
F("tsjt", "380户次", "走访慰问特殊家庭", 380, 0, "户次", "count")
F("wwj", "19万元", "慰问金", 190000, 0, "元", "money", magnitude=W)
F("tw_mb", "3个以上", "每千人口托位数目标", 3, 0, "个/千人口", "rate", bound="more_than")
Q = d.find
Q("implied_denominator", "consistent", "info", ["pop", "cs", "cs_r", "sw", "sw_r"],
  {"op": "implied_denominator", "pool": [{"population": "pop"}, {"count": "cs", "rate": "cs_r", "multiplier": 1000},
                                          {"count": "sw", "rate": "sw_r", "multiplier": 1000}], "tested": []},
  "[395750, 395850]", "2874 at [7.255, 7.265) permille -> (395595, 396141]; 2533 at [6.395, 6.405) permille -> (395472, 396091]; "
  "39.58万 -> [395750, 395850]: one mean population", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "cs", "cs_r"], ratio("cs", "pop", 1000, "cs_r"), "7.26",
  "2874/395800 x 1000 = 7.2612 -> 7.26", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "sw", "sw_r"], ratio("sw", "pop", 1000, "sw_r"), "6.40",
  "2533/395800 x 1000 = 6.3997 -> 6.40 (printed with its trailing zero)", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "zz", "zz_r"], ratio("zz", "pop", 1000, "zz_r"), "0.86",
  "341/395800 x 1000 = 0.8615 -> 0.86", planted=False)
Q("parts_total", "consistent", "info", ["cs", "sw", "zz"], total(["sw", "zz"], "cs"), "2874",
  "births = deaths + natural increase: 2533 + 341 = 2874", planted=False)
Q("parts_total", "consistent", "info", ["cs", "nan", "nv"], total(["nan", "nv"], "cs"), "2874", "1512 + 1362 = 2874", planted=False)
Q("rate_counts", "consistent", "info", ["nan", "nv", "xbb"], ratio("nan", "nv", 100, "xbb"), "111.01",
  "1512/1362 x 100 = 111.0132 -> 111.01", planted=False)
Q("parts_total", "consistent", "info", ["cs", "h1", "h2", "h3"], total(["h1", "h2", "h3"], "cs"), "2874",
  "1196 + 1287 + 391 = 2874", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "h1", "h1_s"], ratio("h1", "cs", 100, "h1_s"), "41.61",
  "1196/2874 = 41.6145 % -> 41.61", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "h2", "h2_s"], ratio("h2", "cs", 100, "h2_s"), "44.78",
  "1287/2874 = 44.7808 % -> 44.78", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "h3", "h3_s"], ratio("h3", "cs", 100, "h3_s"), "13.60",
  "391/2874 = 13.6047 % -> 13.60", planted=False)
Q("parts_total", "consistent", "info", ["h1_s", "h2_s", "h3_s"], total(["h1_s", "h2_s", "h3_s"], {"const": "100"}), "99.99",
  "41.61 + 44.78 + 13.60 = 99.99 %: within the rounding of three shares (99.975-100.005), must not be flagged", planted=False)
Q("composition_change", "consistent", "info", ["h1_c", "h2_c", "h3_c"],
  {"op": "net_zero", "changes": [{"sign": -1, "value": "h1_c"}, {"sign": 1, "value": "h2_c"}, {"sign": 1, "value": "h3_c"}]},
  "0.00", "-3.12 + 0.85 + 2.27 = 0.00 points", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "zc", "zc_r"], ratio("zc", "cs", 100, "zc_r"), "98.54",
  "2832/2874 = 98.5386 % -> 98.54", planted=False)
Q("parts_total", "consistent", "info", ["cs", "zc", "bfh"], total(["zc", "bfh"], "cs"), "2874", "2832 + 42 = 2874", planted=False)
Q("ranked_list", "inconsistent", "error", ["y1", "y2", "y3", "bfh"],
  {"op": "ranked", "items": ["y1", "y2", "y3"], "total": "bfh", "order": "desc"}, "45 > 42",
  "the top three reasons 19 + 15 + 11 = 45 exceed the 42 out-of-policy births they break down", planted=True)
Q("quota_completion", "inconsistent", "error", ["jl_q", "jl_d", "jl_r"], ratio("jl_d", "jl_q", 100, "jl_r"), "99.26",
  "4586/4620 x 100 = 99.2641 -> 99.26, printed 99.62", planted=True)
Q("product", "consistent", "info", ["jl_d", "jl_bz", "jl_zj"], product(["jl_d", "jl_bz"], "jl_zj"), "440.256万元",
  "4586 x 960元 = 4,402,560元 = 440.256万元", planted=False)
Q("product", "consistent", "info", ["sc", "sc_bz", "sc_zj"], product(["sc", "sc_bz", {"const": "12"}], "sc_zj"), "308.448万元",
  "612 x 420元 x 12 months = 3,084,480元 = 308.448万元", planted=False)
Q("product", "consistent", "info", ["sw2", "sw_bz", "sw_zj"], product(["sw2", "sw_bz", {"const": "12"}], "sw_zj"), "457.776万元",
  "748 x 510元 x 12 months = 4,577,760元 = 457.776万元", planted=False)
Q("parts_total", "consistent", "info", ["zj", "zj1", "zj2", "zj3", "zj4"], total(["zj1", "zj2", "zj3", "zj4"], "zj"), "1356.72万元",
  "440.256 + 308.448 + 457.776 + 150.24 = 1356.72 (万元)", planted=False)
Q("exceeds_existing", "consistent", "info", ["ty", "ty_ba"], {"op": "le", "part": "ty_ba", "whole": "ty"}, "24 <= 28",
  "24 registered of 28 nurseries", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "tw", "tw_r"], ratio("tw", "pop", 1000, "tw_r"), "2.41",
  "954/395800 x 1000 = 2.4103 -> 2.41 (2.4100-2.4106 over the population's range)", planted=False)
Q("exceeds_existing", "consistent", "info", ["jd", "jd_d"], {"op": "le", "part": "jd_d", "whole": "jd"}, "7 <= 9",
  "7 of the 9 streets and townships", planted=False)
Q("claim", "inconsistent", "error", ["yq_q", "yq_d", "yq_c"], {"op": "claim", "done": "yq_d", "eligible": "yq_q"}, "2906 of 3150",
  "全覆盖 of the target couples, but 2906 of 3150 were examined (92.25 %)", planted=True)
Q("rate_counts", "consistent", "info", ["cs", "xs", "xs_r"], ratio("xs", "cs", 100, "xs_r"), "98.50",
  "2,831/2874 = 98.5038 % -> 98.50", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "tl", "tl_r"], ratio("tl", "cs", 100, "tl_r"), "97.63",
  "2,806/2874 = 97.6339 % -> 97.63", planted=False)
d.write()
