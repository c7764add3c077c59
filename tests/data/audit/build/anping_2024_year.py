import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product
from lib import DATA as D
d = Doc(D + "anping_2024_year.txt", D + "anping_2024_year.expected.json", {
    "document": "anping_2024_year",
    "description": "synthetic: 安平县 (fictional) health commission, 2024 year summary and 2025 plan",
    "as_of": "2024-12-20", "period": "2024年", "example": False})
F = d.fig; P = "%"; W, Y = 10000, 100000000
F("pop", "52.7万人", "常住人口", 527000, 1, "人", "count", magnitude=W, after="全县常住人口")
F("cw", "3067张", "实有床位", 3067, 0, "张", "count")
F("cw1", "1850张", "县级医院床位", 1850, 0, "张", "count")
F("cw2", "986张", "乡镇卫生院床位", 986, 0, "张", "count")
F("cw3", "231张", "民营医院床位", 231, 0, "张", "count")
F("cw_r", "5.82张", "千人口床位数", 5.82, 2, "张/千人口", "rate")
F("ys", "1376人", "执业（助理）医师", 1376, 0, "人", "count")
F("ys_r", "2.61人", "每千人口执业（助理）医师", 2.61, 2, "人/千人口", "rate")
F("qk", "200人", "全科医生", 200, 0, "人", "count")
F("qk_r", "3.8人", "每万常住人口全科医生", 3.8, 1, "人/万人", "rate")
F("tr", "3.28亿元", "卫生健康总投入", 328000000, 2, "元", "money", magnitude=Y)
F("tr1", "2.04亿元", "县级财政", 204000000, 2, "元", "money", magnitude=Y)
F("tr2", "1.24亿元", "上级转移支付", 124000000, 2, "元", "money", magnitude=Y)
F("hc", "4312人", "住院分娩活产", 4312, 0, "人", "count")
F("yf", "1例", "孕产妇死亡", 1, 0, "例", "count")
F("yf_r", "23.19/10万", "孕产妇死亡率", 23.19, 2, "/10万", "rate")
F("ye", "11例", "婴儿死亡", 11, 0, "例", "count")
F("ye_r", "2.55‰", "婴儿死亡率", 2.55, 2, "‰", "rate")
F("u5", "17例", "5岁以下儿童死亡", 17, 0, "例", "count")
F("u5_r", "3.94‰", "5岁以下儿童死亡率", 3.94, 2, "‰", "rate")
F("hj_q", "4000人", "婚检任务", 4000, 0, "人", "count")
F("hj_d", "3912人", "婚检完成", 3912, 0, "人", "count")
F("hj_r", "97.8%", "婚检完成率", 97.8, 1, P, "rate")
F("la", "18650人", "两癌筛查", 18650, 0, "人", "count")
F("la_bz", "40元", "人均补助", 40, 0, "元", "money")
F("la_zj", "74.6万元", "筛查补助资金", 746000, 1, "元", "money", magnitude=W)
F("my_q", "61200剂次", "免疫规划全年任务", 61200, 0, "剂次", "count")
F("my_d", "62608剂次", "截至12月15日累计接种", 62608, 0, "剂次", "count", period="截至12月15日")
F("my_r", "102.3%", "接种完成全年任务", 102.3, 1, P, "rate")
F("cr", "2118例", "乙丙类传染病", 2118, 0, "例", "count")
F("cr_r", "401.90/10万", "报告发病率", 401.90, 2, "/10万", "rate")
F("yl", "884例", "乙类传染病", 884, 0, "例", "count")
F("bl", "1234例", "丙类传染病", 1234, 0, "例", "count")
F("r1", "621例", "流行性感冒", 621, 0, "例", "count")
F("r2", "318例", "手足口病", 318, 0, "例", "count")
F("r3", "214例", "其他感染性腹泻病", 214, 0, "例", "count")
F("r4", "168例", "肺结核（前五位）", 168, 0, "例", "count")
F("r5", "126例", "梅毒（前五位）", 126, 0, "例", "count")
F("fj", "168例", "肺结核患者", 168, 0, "例", "count", after="全县报告肺结核患者")
F("fj_r", "31.88/10万", "肺结核报告发病率", 31.88, 2, "/10万", "rate")
F("md", "126例", "梅毒", 126, 0, "例", "count")
F("md_r", "21.35/10万", "梅毒报告发病率", 21.35, 2, "/10万", "rate")
F("td", "186个", "家庭医生团队", 186, 0, "个", "count")
F("qy", "18.35万人", "家庭医生签约", 183500, 2, "人", "count", magnitude=W)
F("qy_r", "34.82%", "签约率", 34.82, 2, P, "rate")
F("qy_bz", "12元", "每人每年签约服务经费", 12, 0, "元", "money")
F("qy_zj", "236.4万元", "签约服务费", 2364000, 1, "元", "money", magnitude=W)
F("wsy", "16个", "乡镇卫生院", 16, 0, "个", "count")
F("zyg", "16个", "建成中医馆", 16, 0, "个", "count", after="建成中医馆16个")
F("zyg_c", "全覆盖", "中医馆覆盖声明", None, None, None, "none")
F("rz_c", "全部完成标准化建设", "发热诊室完成声明", None, None, None, "none")
F("rz", "13个", "发热诊室标准化改造", 13, 0, "个", "count")
F("jzl0", "88.8%", "上年县域内就诊率", 88.8, 1, P, "rate")
F("jzl", "91.2%", "县域内就诊率", 91.2, 1, P, "rate")
F("jzl_c", "2.4个百分点", "县域内就诊率提高", 2.4, 1, "个百分点", "percentage_points")
F("fy", "6842元", "次均住院费用", 6842, 0, "元", "money")
F("fy0", "7061元", "上年次均住院费用", 7061, 0, "元", "money")
F("fy_c", "3.1%", "次均住院费用下降", 3.1, 1, P, "rate")
F("yl_jg", "23家", "养老机构", 23, 0, "家", "count")
F("yl_qy", "26家", "签约合作的养老机构", 26, 0, "家", "count")
F("sm", "79.6岁", "人均预期寿命", 79.6, 1, "岁", "duration")
F("cc", "412家", "双随机抽查单位", 412, 0, "家", "count")
F("cc_r", "100%", "抽查完成率", 100, 0, P, "rate")
F("aj", "46起", "卫生违法案件", 46, 0, "起", "count")
F("fm", "28.7万元", "罚没款", 287000, 1, "元", "money", magnitude=W)
F("qd", "5个", "取缔无证行医窝点", 5, 0, "个", "count")
F("jkc", "32个", "健康村", 32, 0, "个", "count")
F("jkx", "18所", "健康学校", 18, 0, "所", "count")
F("jkj", "26个", "健康机关", 26, 0, "个", "count")
F("jkq", "9家", "健康企业", 9, 0, "家", "count")
F("jz", "215场", "健康讲座", 215, 0, "场", "count")
F("jz_r", "2.6万余人次", "讲座受益群众", 26000, 1, "人次", "count", magnitude=W, bound="more_than")
F("sy", "28.6%", "居民健康素养水平", 28.6, 1, P, "rate")
F("sy_c", "3.2个百分点", "健康素养提高", 3.2, 1, "个百分点", "percentage_points")
F("wsxz", "9个", "国家卫生乡镇", 9, 0, "个", "count")
Q = d.find
pool = [{"population": "pop"}, {"count": "cr", "rate": "cr_r", "multiplier": 100000},
        {"count": "fj", "rate": "fj_r", "multiplier": 100000}]
Q("parts_total", "consistent", "info", ["cw", "cw1", "cw2", "cw3"], total(["cw1", "cw2", "cw3"], "cw"), "3067",
  "1850 + 986 + 231 = 3067 beds", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "cw", "cw_r"], ratio("cw", "pop", 1000, "cw_r"), "5.82",
  "3067/527000 x 1000 = 5.8197 -> 5.82 (千人口床位数; 5.8142-5.8253 over 52.7万's range)", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "ys", "ys_r"], ratio("ys", "pop", 1000, "ys_r"), "2.61",
  "1376/527000 x 1000 = 2.6110 -> 2.61", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "qk", "qk_r"], ratio("qk", "pop", 10000, "qk_r"), "3.8",
  "200/527000 x 10000 = 3.7951 -> 3.8 (每万常住人口)", planted=False)
Q("parts_total", "consistent", "info", ["tr", "tr1", "tr2"], total(["tr1", "tr2"], "tr"), "3.28亿元",
  "2.04 + 1.24 = 3.28 (亿元)", planted=False)
Q("rate_counts", "consistent", "info", ["hc", "yf", "yf_r"], ratio("yf", "hc", 100000, "yf_r"), "23.19",
  "1/4312 x 100000 = 23.1911 -> 23.19 per 100,000 live births", planted=False)
Q("rate_counts", "consistent", "info", ["hc", "ye", "ye_r"], ratio("ye", "hc", 1000, "ye_r"), "2.55",
  "11/4312 x 1000 = 2.5510 -> 2.55", planted=False)
Q("rate_counts", "consistent", "info", ["hc", "u5", "u5_r"], ratio("u5", "hc", 1000, "u5_r"), "3.94",
  "17/4312 x 1000 = 3.9425 -> 3.94", planted=False)
Q("quota_completion", "consistent", "info", ["hj_q", "hj_d", "hj_r"], ratio("hj_d", "hj_q", 100, "hj_r"), "97.8",
  "3912/4000 x 100 = 97.8", planted=False)
Q("product", "consistent", "info", ["la", "la_bz", "la_zj"], product(["la", "la_bz"], "la_zj"), "74.6万元",
  "18650 x 40元 (人均补助40元) = 746,000元 = 74.6万元", planted=False)
Q("quota_completion", "consistent", "info", ["my_q", "my_d", "my_r"], ratio("my_d", "my_q", 100, "my_r"), "102.3",
  "62608/61200 x 100 = 102.3007 -> 102.3 (a completion may pass 100 %)", planted=False)
Q("progress", "consistent", "info", ["my_r"],
  {"op": "progress", "share": "my_r", "period_start": "2024-01-01", "period_end": "2024-12-31", "as_of": "2024-12-15", "claim": True},
  "102.3 % against 350/366 = 95.63 % by days, 11/12 = 91.67 % by whole months", "提前完成 is true: ahead of time progress", planted=False)
Q("parts_total", "consistent", "info", ["cr", "yl", "bl"], total(["yl", "bl"], "cr"), "2118", "884 + 1234 = 2118", planted=False)
Q("implied_denominator", "consistent", "info", ["pop", "cr", "cr_r", "fj", "fj_r"],
  {"op": "implied_denominator", "pool": pool, "tested": []}, "[526990.2, 527003.3]",
  "2118 at [401.895, 401.905)/10万 -> (526990.2, 527003.3]; 168 at [31.875, 31.885)/10万 -> (526893.5, 527058.8]; "
  "52.7万 -> [526500, 527500]: one population of about 527,000", planted=False)
Q("implied_denominator", "inconsistent", "error", ["md", "md_r", "pop", "cr", "cr_r", "fj", "fj_r"],
  {"op": "implied_denominator", "pool": pool, "tested": [{"count": "md", "rate": "md_r", "multiplier": 100000}]},
  "126 at [21.345, 21.355)/10万 -> (590026, 590302]; 126/527000 = 23.91/10万",
  "126 syphilis cases at 21.35/10万 need about 590,000 people; the county's 527,000 (printed, and implied by the other "
  "incidence rates) give 23.91/10万: no reading agrees", planted=True)
Q("ranked_list", "consistent", "info", ["r1", "r2", "r3", "r4", "r5", "cr"],
  {"op": "ranked", "items": ["r1", "r2", "r3", "r4", "r5"], "total": "cr", "order": "desc"}, "1447 <= 2118",
  "621 >= 318 >= 214 >= 168 >= 126; sum 1447 <= 2118", planted=False)
Q("ranked_list", "consistent", "info", ["r1", "r2", "r3", "bl"], {"op": "le", "part": {"sum": ["r1", "r2", "r3"]}, "whole": "bl"},
  "1153 <= 1234", "class C members (流感, 手足口病, 其他感染性腹泻病) 621 + 318 + 214 = 1153 <= 1234", planted=False)
Q("ranked_list", "consistent", "info", ["r4", "r5", "yl"], {"op": "le", "part": {"sum": ["r4", "r5"]}, "whole": "yl"},
  "294 <= 884", "class B members (肺结核, 梅毒) 168 + 126 = 294 <= 884", planted=False)
Q("implied_denominator", "consistent", "info", ["pop", "qy", "qy_r"],
  {"op": "implied_denominator", "pool": [{"population": "pop"}], "tested": [{"count": "qy", "rate": "qy_r", "multiplier": 100}]},
  "(526776.7, 527215.3]", "18.35万 (183450-183550) at [34.815, 34.825) % implies 526777-527215 residents, within 52.7万", planted=False)
Q("product", "inconsistent", "error", ["qy", "qy_bz", "qy_zj"], product(["qy", "qy_bz"], "qy_zj"), "220.2万元",
  "18.35万 x 12元 = 220.2万元 (220.14-220.26万 with rounding), printed 236.4万元", planted=True)
Q("claim", "consistent", "info", ["wsy", "zyg", "zyg_c"], {"op": "claim", "done": "zyg", "eligible": "wsy"}, "16 of 16",
  "全覆盖 with 16 中医馆 in the 16 township health centres", planted=False)
Q("claim", "inconsistent", "error", ["wsy", "rz", "rz_c"], {"op": "claim", "done": "rz", "eligible": "wsy"}, "13 of 16",
  "全部完成标准化建设, but 13 of the 16 township health centres' fever clinics were upgraded", planted=True)
Q("rate_counts", "consistent", "info", ["jzl0", "jzl", "jzl_c"],
  {"op": "change", "new": "jzl", "old": "jzl0", "reported": "jzl_c", "kind": "points"}, "2.4",
  "91.2 - 88.8 = 2.4 percentage points", planted=False)
Q("rate_counts", "consistent", "info", ["fy", "fy0", "fy_c"],
  {"op": "change", "new": "fy", "old": "fy0", "reported": "fy_c", "kind": "relative_fall"}, "3.10",
  "1 - 6842/7061 = 3.1015 % -> 下降3.1%", planted=False)
Q("exceeds_existing", "inconsistent", "error", ["yl_jg", "yl_qy"], {"op": "le", "part": "yl_qy", "whole": "yl_jg"}, "26 > 23",
  "26 care homes under contract, but the county has 23", planted=True)
Q("claim", "consistent", "info", ["cc", "cc_r"], {"op": "claim", "share": "cc_r"}, "100 %",
  "the 412 spot checks completed, 完成率100%", planted=False)
Q("rate_counts", "cannot_check", "info", ["sy", "sy_c"], None, None,
  "健康素养水平 and its 3.2-point rise come from a survey; no counts or last year's level are printed", planted=False)
d.write()
