import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product
from lib import DATA as D
d = Doc(D + "baisha_2025_h1.txt", D + "baisha_2025_h1.expected.json", {
    "document": "baisha_2025_h1",
    "description": "synthetic: 白沙区 (fictional) health commission, first half of 2025",
    "as_of": "2025-07-08", "period": "2025年上半年", "example": False})
F = d.fig; P = "%"; W, Y = 10000, 100000000
F("pop", "42.3万人", "全区常住人口", 423000, 1, "人", "count", magnitude=W)
F("jg", "326个", "医疗卫生机构", 326, 0, "个", "count")
F("jg1", "14个", "医院", 14, 0, "个", "count")
F("jg2", "305个", "基层医疗卫生机构", 305, 0, "个", "count")
F("jg3", "9个", "专业公共卫生机构", 9, 0, "个", "count")
F("cw", "2958张", "实有床位", 2958, 0, "张", "count")
F("cw_r", "6.99张", "千人口床位数", 6.99, 2, "张/千人口", "rate")
F("ys", "1206人", "执业（助理）医师", 1206, 0, "人", "count")
F("ys_r", "2.85人", "每千人口执业（助理）医师数", 2.85, 2, "人/千人口", "rate")
F("hs", "1512人", "注册护士", 1512, 0, "人", "count")
F("hs_r", "3.42人", "每千人口注册护士数", 3.42, 2, "人/千人口", "rate")
F("qk", "152人", "全科医生", 152, 0, "人", "count")
F("qk_r", "3.6人", "每万常住人口全科医生数", 3.6, 1, "人/万人", "rate")
F("ty", "46家", "托育机构", 46, 0, "家", "count")
F("ty_ba", "38家", "已备案托育机构", 38, 0, "家", "count")
F("tw", "1,120个", "托位", 1120, 0, "个", "count")
F("tw_r", "2.65个", "每千人口托位数", 2.65, 2, "个/千人口", "rate")
F("mz", "128.64万人次", "门急诊", 1286400, 2, "人次", "count", magnitude=W, period="上半年")
F("mz0", "118.89万人次", "上年同期门急诊", 1188900, 2, "人次", "count", magnitude=W)
F("mz_z", "8.2%", "门急诊同比增长", 8.2, 1, P, "rate")
F("cy", "3.21万人次", "出院", 32100, 2, "人次", "count", magnitude=W)
F("cy0", "3.04万人次", "上年同期出院", 30400, 2, "人次", "count", magnitude=W)
F("cy_z", "5.6%", "出院同比增长", 5.6, 1, P, "rate")
F("b1", "1236例", "肺炎", 1236, 0, "例", "count")
F("b2", "1108例", "脑梗死", 1108, 0, "例", "count")
F("b3", "1152例", "慢性阻塞性肺疾病", 1152, 0, "例", "count")
F("b4", "874例", "冠心病", 874, 0, "例", "count")
F("b5", "652例", "2型糖尿病", 652, 0, "例", "count")
F("myd", "约97%", "群众就医满意度", 97, 0, P, "rate", bound="about")
F("yz", "12场", "义诊活动", 12, 0, "场", "count")
F("yz_r", "1，000余人次", "义诊服务群众", 1000, 0, "人次", "count", bound="more_than")
F("td", "128个", "家庭医生团队", 128, 0, "个", "count")
F("qy", "15.62万人", "家庭医生签约", 156200, 2, "人", "count", magnitude=W)
F("qy_r", "36.93%", "签约率", 36.93, 2, P, "rate")
F("my_q", "38400剂次", "免疫规划全年任务", 38400, 0, "剂次", "count")
F("my_d", "20083剂次", "上半年累计完成接种", 20083, 0, "剂次", "count", period="上半年")
F("my_r", "52.3%", "接种完成全年任务", 52.3, 1, P, "rate")
F("gj_q", "6000人", "宫颈癌筛查全年任务", 6000, 0, "人", "count")
F("gj_d", "3150人", "宫颈癌筛查上半年完成", 3150, 0, "人", "count")
F("gj_r", "52.5%", "宫颈癌筛查完成全年任务", 52.5, 1, P, "rate")
F("lr", "2.86万人", "65岁及以上老年人", 28600, 2, "人", "count", magnitude=W)
F("lr_bz", "120元", "每人每年体检标准", 120, 0, "元", "money")
F("lr_zj", "356.4万元", "老年人体检全年所需资金", 3564000, 1, "元", "money", magnitude=W)
F("sq", "9个", "社区卫生服务中心", 9, 0, "个", "count", after="全区9个社区卫生服务中心")
F("sq_rz", "9个", "已设置发热诊室的社区卫生服务中心", 9, 0, "个", "count", after="已设置发热诊室的社区卫生服务中心")
F("sq_c", "全覆盖", "发热诊室覆盖声明", None, None, None, "none")
F("cs", "1586人", "上半年出生", 1586, 0, "人", "count")
F("nan", "826人", "男孩", 826, 0, "人", "count")
F("nv", "760人", "女孩", 760, 0, "人", "count")
F("xbb", "108.68", "出生人口性别比", 108.68, 2, "", "none")
F("h1", "733人", "一孩", 733, 0, "人", "count")
F("h1_s", "46.2%", "一孩占比", 46.2, 1, P, "rate")
F("h1_c", "2.3个百分点", "一孩占比下降", 2.3, 1, "个百分点", "percentage_points")
F("h2", "658人", "二孩", 658, 0, "人", "count")
F("h2_s", "41.5%", "二孩占比", 41.5, 1, P, "rate")
F("h2_c", "1.1个百分点", "二孩占比上升", 1.1, 1, "个百分点", "percentage_points")
F("h3", "195人", "三孩及以上", 195, 0, "人", "count")
F("h3_s", "12.3%", "三孩及以上占比", 12.3, 1, P, "rate")
F("h3_c", "0.7个百分点", "三孩及以上占比上升", 0.7, 1, "个百分点", "percentage_points")
F("ts", "1850名", "计划生育特殊家庭成员", 1850, 0, "名", "count")
F("ts_bz", "800元", "每人每月扶助标准", 800, 0, "元", "money")
F("ts_zj", "888万元", "上半年发放扶助金", 8880000, 0, "元", "money", magnitude=W)
F("gc", "1268家", "公共场所", 1268, 0, "家", "count")
F("gc_j", "735家", "公共场所监督检查", 735, 0, "家", "count")
F("gc_r", "57.97%", "公共场所监督覆盖率", 57.97, 2, P, "rate")
F("yl_j", "186家次", "检查医疗机构", 186, 0, "家次", "count")
F("la", "21起", "立案查处案件", 21, 0, "起", "count")
F("fm", "9.8万元", "罚没款", 98000, 1, "元", "money", magnitude=W)
F("jc", "512种", "集采药品", 512, 0, "种", "count")
F("jy", "1236.8万元", "节约药品费用", 12368000, 1, "元", "money", magnitude=W)
F("hr", "68项", "检查检验结果互认项目", 68, 0, "项", "count")
Q = d.find
Q("parts_total", "inconsistent", "error", ["jg", "jg1", "jg2", "jg3"], total(["jg1", "jg2", "jg3"], "jg"), "328",
  "14 + 305 + 9 = 328, not the 326 institutions printed", planted=True)
Q("rate_counts", "consistent", "info", ["pop", "cw", "cw_r"], ratio("cw", "pop", 1000, "cw_r"), "6.99",
  "2958/423000 x 1000 = 6.9929 -> 6.99 (6.9846-7.0012 over 42.3万's range 422500-423500)", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "ys", "ys_r"], ratio("ys", "pop", 1000, "ys_r"), "2.85",
  "1206/423000 x 1000 = 2.8511 -> 2.85", planted=False)
Q("rate_counts", "inconsistent", "error", ["pop", "hs", "hs_r"], ratio("hs", "pop", 1000, "hs_r"), "3.57",
  "1512/423000 x 1000 = 3.5745 -> 3.57 (3.5703-3.5787 over the population's rounding range); printed 3.42", planted=True)
Q("rate_counts", "consistent", "info", ["pop", "qk", "qk_r"], ratio("qk", "pop", 10000, "qk_r"), "3.6",
  "152/423000 x 10000 = 3.5934 -> 3.6 (每万常住人口)", planted=False)
Q("exceeds_existing", "consistent", "info", ["ty", "ty_ba"], {"op": "le", "part": "ty_ba", "whole": "ty"}, "38 <= 46",
  "38 registered of 46 nurseries", planted=False)
Q("rate_counts", "consistent", "info", ["pop", "tw", "tw_r"], ratio("tw", "pop", 1000, "tw_r"), "2.65",
  "1,120/423000 x 1000 = 2.6478 -> 2.65", planted=False)
Q("rate_counts", "consistent", "info", ["mz", "mz0", "mz_z"],
  {"op": "change", "new": "mz", "old": "mz0", "reported": "mz_z", "kind": "relative"}, "8.20",
  "128.64/118.89 - 1 = 8.2008 % -> 8.2 (8.191-8.210 over both rounding ranges)", planted=False)
Q("rate_counts", "consistent", "info", ["cy", "cy0", "cy_z"],
  {"op": "change", "new": "cy", "old": "cy0", "reported": "cy_z", "kind": "relative"}, "5.59",
  "3.21/3.04 - 1 = 5.592 % -> 5.6 (5.25-5.93 with 万 rounded to 0.01万)", planted=False)
Q("ranked_list", "inconsistent", "error", ["b1", "b2", "b3", "b4", "b5", "cy"],
  {"op": "ranked", "items": ["b1", "b2", "b3", "b4", "b5"], "total": "cy", "order": "desc"}, "1108 < 1152",
  "前五位 in order, but 脑梗死 1108 is listed above 慢性阻塞性肺疾病 1152 (the sum 5022 is within 3.21万 discharges)", planted=True)
Q("implied_denominator", "consistent", "info", ["pop", "qy", "qy_r"],
  {"op": "implied_denominator", "pool": [{"population": "pop"}], "tested": [{"count": "qy", "rate": "qy_r", "multiplier": 100}]},
  "(422770, 423155]", "15.62万 (156150-156250) at [36.925, 36.935) % implies 422770-423155 residents, within 42.3万", planted=False)
Q("quota_completion", "consistent", "info", ["my_q", "my_d", "my_r"], ratio("my_d", "my_q", 100, "my_r"), "52.3",
  "20083/38400 x 100 = 52.2995 -> 52.3", planted=False)
Q("progress", "consistent", "info", ["my_r"],
  {"op": "progress", "share": "my_r", "period_start": "2025-01-01", "period_end": "2025-12-31", "as_of": "2025-06-30", "claim": False},
  "52.3 % against 181/365 = 49.59 % by days, 50 % by months", "ahead of time progress", planted=False)
Q("quota_completion", "consistent", "info", ["gj_q", "gj_d", "gj_r"], ratio("gj_d", "gj_q", 100, "gj_r"), "52.5",
  "3150/6000 x 100 = 52.5", planted=False)
Q("progress", "consistent", "info", ["gj_r"],
  {"op": "progress", "share": "gj_r", "period_start": "2025-01-01", "period_end": "2025-12-31", "as_of": "2025-06-30", "claim": False},
  "52.5 % against 49.59 % / 50 %", "ahead of time progress", planted=False)
Q("product", "inconsistent", "error", ["lr", "lr_bz", "lr_zj"], product(["lr", "lr_bz"], "lr_zj"), "343.2万元",
  "2.86万 x 120元 = 343.2万元 (342.6-343.8万 with 2.86万 as 28550-28650), printed 356.4万元", planted=True)
Q("claim", "consistent", "info", ["sq", "sq_rz", "sq_c"], {"op": "claim", "done": "sq_rz", "eligible": "sq"}, "9 of 9",
  "全覆盖: all 9 community health centres have a fever clinic", planted=False)
Q("parts_total", "consistent", "info", ["cs", "nan", "nv"], total(["nan", "nv"], "cs"), "1586", "826 + 760 = 1586", planted=False)
Q("rate_counts", "consistent", "info", ["nan", "nv", "xbb"], ratio("nan", "nv", 100, "xbb"), "108.68",
  "826/760 x 100 = 108.6842 -> 108.68", planted=False)
Q("parts_total", "consistent", "info", ["cs", "h1", "h2", "h3"], total(["h1", "h2", "h3"], "cs"), "1586",
  "733 + 658 + 195 = 1586", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "h1", "h1_s"], ratio("h1", "cs", 100, "h1_s"), "46.2",
  "733/1586 = 46.217 % -> 46.2", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "h2", "h2_s"], ratio("h2", "cs", 100, "h2_s"), "41.5",
  "658/1586 = 41.488 % -> 41.5", planted=False)
Q("rate_counts", "consistent", "info", ["cs", "h3", "h3_s"], ratio("h3", "cs", 100, "h3_s"), "12.3",
  "195/1586 = 12.295 % -> 12.3", planted=False)
Q("parts_total", "consistent", "info", ["h1_s", "h2_s", "h3_s"], total(["h1_s", "h2_s", "h3_s"], {"const": "100"}), "100.0",
  "46.2 + 41.5 + 12.3 = 100.0 %", planted=False)
Q("composition_change", "inconsistent", "error", ["h1_c", "h2_c", "h3_c"],
  {"op": "net_zero", "changes": [{"sign": -1, "value": "h1_c"}, {"sign": 1, "value": "h2_c"}, {"sign": 1, "value": "h3_c"}]},
  "-0.5 points", "-2.3 + 1.1 + 0.7 = -0.5 points (-0.65 to -0.35 with rounding): the shares of a whole cannot all move like this; "
  "last year's shares would be 48.5 + 40.4 + 11.6 = 100.5 %", planted=True)
Q("product", "consistent", "info", ["ts", "ts_bz", "ts_zj"], product(["ts", "ts_bz", {"const": "6"}], "ts_zj"), "888万元",
  "1850 x 800元 x 6 months (上半年) = 8,880,000元 = 888万元", planted=False)
Q("rate_counts", "consistent", "info", ["gc", "gc_j", "gc_r"], ratio("gc_j", "gc", 100, "gc_r"), "57.97",
  "735/1268 x 100 = 57.9653 -> 57.97", planted=False)
d.write()
