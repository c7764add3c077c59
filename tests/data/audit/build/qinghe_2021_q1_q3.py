import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product
from lib import DATA as D
d = Doc(D + "qinghe_2021_q1_q3.txt", D + "qinghe_2021_q1_q3.expected.json", {
    "document": "qinghe_2021_q1_q3",
    "description": "synthetic: 青禾县 (fictional) health commission, first three quarters of 2021",
    "as_of": "2021-10-12", "period": "2021年前三季度（截至9月30日）", "example": False})
F = d.fig; P = "%"; W, Y = 10000, 100000000
F("hj", "41.2万人", "户籍人口", 412000, 1, "人", "count", magnitude=W)
F("pop", "37.8万人", "常住人口", 378000, 1, "人", "count", magnitude=W)
F("da", "338310份", "居民电子健康档案", 338310, 0, "份", "count")
F("da_r", "89.50%", "建档率", 89.50, 2, P, "rate")
F("qy", "136458人", "家庭医生签约", 136458, 0, "人", "count")
F("qy_r", "36.10%", "签约率", 36.10, 2, P, "rate")
F("lr", "62380人", "65岁及以上老年人", 62380, 0, "人", "count")
F("lr_r", "17.6%", "老年人口占常住人口", 17.6, 1, P, "rate")
F("lr_gl", "4.1万人", "老年人健康管理服务", 41000, 1, "人", "count", magnitude=W)
F("gxy", "20950人", "在管高血压患者", 20950, 0, "人", "count")
F("gxy_gl", "12840人", "规范管理高血压患者", 12840, 0, "人", "count")
F("gxy_r", "超过60%", "高血压规范管理率", 60, 0, P, "rate", bound="more_than")
F("sf_q", "20000人次", "高血压随访全年任务", 20000, 0, "人次", "count")
F("sf_d", "14520人次", "前三季度随访完成", 14520, 0, "人次", "count", period="前三季度")
F("sf_r", "72.6%", "随访完成全年任务", 72.6, 1, P, "rate")
F("jsb", "1652人", "在册严重精神障碍患者", 1652, 0, "人", "count")
F("jsb_r", "40.10‱", "严重精神障碍报告患病率（户籍人口）", 40.10, 2, "‱", "rate")
F("jsb_gl", "90%以上", "严重精神障碍规范管理率", 90, 0, P, "rate", bound="more_than")
F("my_q", "48000剂次", "免疫规划全年任务", 48000, 0, "剂次", "count")
F("my_d", "39024剂次", "前三季度累计接种", 39024, 0, "剂次", "count", period="前三季度")
F("my_r", "81.3%", "接种完成全年任务", 81.3, 1, P, "rate")
F("my_c", "超序时进度", "接种进度声明", None, None, None, "none")
F("cr", "1308例", "乙丙类传染病", 1308, 0, "例", "count")
F("yl", "412例", "乙类传染病", 412, 0, "例", "count")
F("bl", "896例", "丙类传染病", 896, 0, "例", "count")
F("r1", "186例", "肺结核", 186, 0, "例", "count")
F("r2", "152例", "病毒性肝炎", 152, 0, "例", "count")
F("r3", "98例", "梅毒", 98, 0, "例", "count")
F("js", "99.8％", "传染病报告及时率", 99.8, 1, P, "rate")
F("zy", "14120人次", "住院", 14120, 0, "人次", "count")
F("zz", "1236人次", "县外转诊", 1236, 0, "人次", "count")
F("zz_r", "不到10%", "县外转诊率", 10, 0, P, "rate", bound="less_than")
F("xz", "十二个", "乡镇卫生院", 12, 0, "个", "count")
F("xd", "12家", "已开通远程心电诊断的乡镇卫生院", 12, 0, "家", "count")
F("xd_c", "全覆盖", "远程心电覆盖声明", None, None, None, "none")
F("cs", "2436人", "前三季度出生", 2436, 0, "人", "count")
F("xbb", "107.2", "出生人口性别比", 107.2, 1, "", "none")
F("xbb0", "103.2", "上年同期出生人口性别比", 103.2, 1, "", "none")
F("xbb_c", "4个单位", "性别比上升", 4, 0, "个单位", "units")
F("c1", "1.5个百分点", "一孩率下降", 1.5, 1, "个百分点", "percentage_points")
F("c2", "1.2个百分点", "二孩率上升", 1.2, 1, "个百分点", "percentage_points")
F("c3", "0.3个百分点", "三孩及以上出生率上升", 0.3, 1, "个百分点", "percentage_points")
F("sy", "两千余名", "健康素养监测调查群众", 2000, 0, "名", "count", bound="more_than")
F("mz_b", "30%", "门诊补助比例", 30, 0, P, "rate")
F("mz_bz", "1.38万元", "门诊补助", 13800, 2, "元", "money", magnitude=W)
F("mz_zc", "4.6万元", "门诊实际支出", 46000, 1, "元", "money", magnitude=W)
F("zy_b", "50%", "住院补助比例", 50, 0, P, "rate")
F("zy_bz", "12.4万元", "住院补助", 124000, 1, "元", "money", magnitude=W)
F("zy_zc", "26.8万元", "住院实际支出", 268000, 1, "元", "money", magnitude=W)
F("ts_c", "全覆盖", "特殊家庭签约覆盖声明", None, None, None, "none")
F("xx", "25所", "中小学校", 25, 0, "所", "count")
F("xx_j", "30所次", "学校卫生监督检查", 30, 0, "所次", "count")
F("yjs", "14份", "卫生监督意见书", 14, 0, "份", "count")
F("ty", "48所", "托幼机构", 48, 0, "所", "count")
F("ty_pg", "52所", "开展卫生保健评估的托幼机构", 52, 0, "所", "count")
F("ty_r", "96.2%", "评估合格率", 96.2, 1, P, "rate")
F("zc", "3.5亿元", "卫生健康支出", 350000000, 1, "元", "money", magnitude=Y)
F("zc1", "2.1亿元", "医疗服务", 210000000, 1, "元", "money", magnitude=Y)
F("zc2", "0.86亿元", "公共卫生", 86000000, 2, "元", "money", magnitude=Y)
F("zc3", "0.31亿元", "人口家庭", 31000000, 2, "元", "money", magnitude=Y)
F("zc4", "0.23亿元", "其他支出", 23000000, 2, "元", "money", magnitude=Y)
F("gc", "356家", "公共场所经营单位", 356, 0, "家", "count")
F("gc_j", "298家", "公共场所监督检查", 298, 0, "家", "count")
F("gc_r", "83.71%", "公共场所监督覆盖率", 83.71, 2, P, "rate")
F("la", "19起", "立案查处违法案件", 19, 0, "起", "count")
F("la1", "11起", "医疗机构案件", 11, 0, "起", "count")
F("la2", "6起", "公共场所案件", 6, 0, "起", "count")
F("la3", "2起", "生活饮用水案件", 2, 0, "起", "count")
F("fm", "8.65万元", "罚没款", 86500, 2, "元", "money", magnitude=W)
F("qd", "2家", "取缔非法诊所", 2, 0, "家", "count")
F("xp", "46人", "下派医务人员", 46, 0, "人", "count")
F("xjs", "23项", "新技术新项目", 23, 0, "项", "count")
F("jm", "31.6万人次", "乡镇卫生院门急诊", 316000, 1, "人次", "count", magnitude=W)
F("jm0", "28.1万人次", "上年同期乡镇卫生院门急诊", 281000, 1, "人次", "count", magnitude=W)
F("jm_z", "12.4%", "乡镇卫生院门急诊增长", 12.4, 1, P, "rate")
F("jz", "168场", "健康讲座", 168, 0, "场", "count")
F("jz_r", "1.2万余人次", "讲座受益群众", 12000, 1, "人次", "count", magnitude=W, bound="more_than")
Q = d.find
pool = [{"count": "da", "rate": "da_r", "multiplier": 100}, {"count": "qy", "rate": "qy_r", "multiplier": 100},
        {"population": "pop"}]
Q("implied_denominator", "consistent", "info", ["pop", "da", "da_r", "qy", "qy_r"],
  {"op": "implied_denominator", "pool": pool, "tested": []}, "[377978.9, 378021.1]",
  "338310 at [89.495, 89.505) % -> (377978.9, 378021.1]; 136458 at [36.095, 36.105) % -> (377947.7, 378052.4]; "
  "37.8万 -> [377500, 378500]: the resident population, about 378,000", planted=False)
Q("implied_denominator", "inconsistent", "error", ["lr", "lr_r", "pop", "da", "da_r", "qy", "qy_r"],
  {"op": "implied_denominator", "pool": pool, "tested": [{"count": "lr", "rate": "lr_r", "multiplier": 100}]},
  "62380 at [17.55, 17.65) % -> (353428, 355442]; 62380/378000 = 16.50 %",
  "占常住人口的17.6% but 62380 of the ~378,000 residents is 16.50 %; 17.6 % needs 353428-355442 residents "
  "(and the 户籍 412,000 would give 15.14 %): no reading agrees", planted=True)
Q("exceeds_existing", "consistent", "info", ["lr", "lr_gl"], {"op": "le", "part": "lr_gl", "whole": "lr"}, "41000 <= 62380",
  "4.1万 (40500-41500) served of 62380 elderly", planted=False)
Q("rate_counts", "consistent", "info", ["gxy", "gxy_gl", "gxy_r"], ratio("gxy_gl", "gxy", 100, "gxy_r"), "61.29",
  "12840/20950 = 61.289 %: 超过60% holds", planted=False)
Q("quota_completion", "consistent", "info", ["sf_q", "sf_d", "sf_r"], ratio("sf_d", "sf_q", 100, "sf_r"), "72.6",
  "14520/20000 x 100 = 72.6", planted=False)
Q("progress", "consistent", "warning", ["sf_r"],
  {"op": "progress", "share": "sf_r", "period_start": "2021-01-01", "period_end": "2021-12-31", "as_of": "2021-09-30", "claim": False},
  "elapsed at 30 Sep 2021: 273/365 = 74.79 % by days, 9/12 = 75 % by months; done 72.6 %",
  "follow-ups 2.2 points behind time progress with no claim printed (the text itself calls them 滞后): a warning", planted=True)
Q("rate_counts", "consistent", "info", ["hj", "jsb", "jsb_r"], ratio("jsb", "hj", 10000, "jsb_r"), "40.10",
  "按户籍人口: 1652/412000 x 10000 = 40.097 ‱ -> 40.10 (40.05-40.15 over 41.2万's range); the base is printed, so no warning", planted=False)
Q("quota_completion", "consistent", "info", ["my_q", "my_d", "my_r"], ratio("my_d", "my_q", 100, "my_r"), "81.3",
  "39024/48000 x 100 = 81.3", planted=False)
Q("progress", "consistent", "info", ["my_r", "my_c"],
  {"op": "progress", "share": "my_r", "period_start": "2021-01-01", "period_end": "2021-12-31", "as_of": "2021-09-30", "claim": True},
  "81.3 % against 74.79 % / 75 %", "超序时进度 is true", planted=False)
Q("parts_total", "consistent", "info", ["cr", "yl", "bl"], total(["yl", "bl"], "cr"), "1308", "412 + 896 = 1308", planted=False)
Q("ranked_list", "inconsistent", "error", ["r1", "r2", "r3", "yl"],
  {"op": "ranked", "items": ["r1", "r2", "r3"], "total": "yl", "order": "desc"}, "436 > 412",
  "the top three class B diseases 186 + 152 + 98 = 436 exceed the 412 class B cases", planted=True)
Q("rate_counts", "consistent", "info", ["zy", "zz", "zz_r"], ratio("zz", "zy", 100, "zz_r"), "8.75",
  "1236/14120 = 8.754 %: 不到10% holds", planted=False)
Q("claim", "consistent", "info", ["xz", "xd", "xd_c"], {"op": "claim", "done": "xd", "eligible": "xz"}, "12 of 12",
  "十二个 township health centres (a Chinese numeral) and 12家 connected: 全覆盖 holds", planted=False)
Q("rate_counts", "consistent", "info", ["xbb", "xbb0", "xbb_c"],
  {"op": "change", "new": "xbb", "old": "xbb0", "reported": "xbb_c", "kind": "points"}, "4.0",
  "107.2 - 103.2 = 4.0 (a sex ratio changes in 单位, not %)", planted=False)
# Found by the text auditor (audit_text_test), not planted: no whole split of the 2436 births
# prints 107.2 (1261/1175 = 107.32, 1260/1176 = 107.14), so the ratio and the births of the same
# sentence cannot both be as printed.
Q("rate_counts", "inconsistent", "error", ["cs", "xbb"],
  {"op": "split_ratio", "total": "cs", "reported": "xbb", "multiplier": 100}, "1260/1176 = 107.14",
  "2436 births: 1260 boys / 1176 girls = 107.14, 1261/1175 = 107.32; no integer split gives 107.15-107.25", planted=False)
Q("composition_change", "consistent", "info", ["c1", "c2", "c3"],
  {"op": "net_zero", "changes": [{"sign": -1, "value": "c1"}, {"sign": 1, "value": "c2"}, {"sign": 1, "value": "c3"}]},
  "0.0", "-1.5 + 1.2 + 0.3 = 0.0 points", planted=False)
Q("product", "consistent", "info", ["mz_b", "mz_bz", "mz_zc"], product(["mz_zc", "mz_b", {"const": "0.01"}], "mz_bz"), "1.38万元",
  "按实际支出的30%予以补助: 4.6万 x 30 % = 1.38万元", planted=False)
Q("product", "inconsistent", "error", ["zy_b", "zy_bz", "zy_zc"], product(["zy_zc", "zy_b", {"const": "0.01"}], "zy_bz"), "13.4万元",
  "按实际支出的50%: 26.8万 x 50 % = 13.4万元 (13.24-13.56万 even reading 50% as rounded), printed 12.4万元", planted=True)
Q("claim", "cannot_check", "info", ["ts_c"], None, None,
  "实现签约服务全覆盖 of the special families: no count of those families or of their contracts is printed", planted=False)
Q("exceeds_existing", "cannot_check", "info", ["xx", "xx_j"], None, "30所次 vs 25所",
  "30所次 counts inspection visits, not schools: more visits than the 25 schools is possible, so nothing to flag", planted=False)
Q("exceeds_existing", "inconsistent", "error", ["ty", "ty_pg"], {"op": "le", "part": "ty_pg", "whole": "ty"}, "52 > 48",
  "52 nurseries assessed, but the county has 48 托幼机构", planted=True)
Q("parts_total", "consistent", "info", ["zc", "zc1", "zc2", "zc3", "zc4"], total(["zc1", "zc2", "zc3", "zc4"], "zc"), "3.50亿元",
  "2.1 + 0.86 + 0.31 + 0.23 = 3.50 (亿元)", planted=False)
Q("rate_counts", "consistent", "info", ["gc", "gc_j", "gc_r"], ratio("gc_j", "gc", 100, "gc_r"), "83.71",
  "298/356 x 100 = 83.7079 -> 83.71", planted=False)
Q("parts_total", "consistent", "info", ["la", "la1", "la2", "la3"], total(["la1", "la2", "la3"], "la"), "19",
  "11 + 6 + 2 = 19", planted=False)
Q("rate_counts", "consistent", "info", ["jm", "jm0", "jm_z"],
  {"op": "change", "new": "jm", "old": "jm0", "reported": "jm_z", "kind": "relative"}, "12.08-12.83",
  "31.6/28.1 - 1 = 12.46 % would print 12.5, but with 31.55-31.65万 and 28.05-28.15万 the growth is 12.08-12.83 %, "
  "which includes 12.4 %: consistent within the rounding of the counts, must not be flagged", planted=False)
d.write()
