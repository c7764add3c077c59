import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product
from lib import DATA as D
d = Doc(D + "yunxi_2023_jan_nov.txt", D + "yunxi_2023_jan_nov.expected.json", {
    "document": "yunxi_2023_jan_nov",
    "description": "synthetic: 云溪县 (fictional) health commission, January-November 2023 summary",
    "as_of": "2023-12-05", "period": "2023年1-11月", "example": True})
F = d.fig; P = "%"; W, Y = 10000, 100000000
F("pop", "25.64万人", "全县常住人口", 256400, 2, "人", "count", magnitude=W, after="截至11月底，全县常住人口")
F("da", "229871份", "居民电子健康档案", 229871, 0, "份", "count")
F("da_r", "89.65%", "电子建档率", 89.65, 2, P, "rate")
F("qy", "98765人", "家庭医生签约人数", 98765, 0, "人", "count")
F("qy_r", "38.52%", "签约率", 38.52, 2, P, "rate")
F("zd", "41206人", "重点人群签约人数", 41206, 0, "人", "count")
F("zd_r", "71.30%", "重点人群签约率", 71.30, 2, P, "rate")
F("tj", "51230人", "老年人免费健康体检", 51230, 0, "人", "count")
F("tj_r", "21.8%", "体检人数占常住人口", 21.8, 1, P, "rate")
F("bz", "89元", "基本公共卫生服务人均补助", 89, 0, "元", "money")
F("pop2", "25.64万人", "测算常住人口", 256400, 2, "人", "count", magnitude=W)
F("yb", "2281.96万元", "应拨付补助资金", 22819600, 2, "元", "money", magnitude=W)
F("yib", "1826.5万元", "已拨付资金", 18265000, 1, "元", "money", magnitude=W)
F("bf_r", "80.04%", "资金拨付率", 80.04, 2, P, "rate")
F("sf_q", "12000人次", "高血压随访全年任务", 12000, 0, "人次", "count")
F("sf_d", "10344人次", "高血压随访1-11月完成", 10344, 0, "人次", "count", period="1-11月")
F("sf_r", "86.2%", "随访完成全年任务", 86.2, 1, P, "rate")
F("sf_c", "超过序时进度", "随访进度声明", None, None, None, "none")
F("gxy", "18452人", "规范管理高血压患者", 18452, 0, "人", "count")
F("gxy_r", "65.31%", "高血压规范管理率", 65.31, 2, P, "rate")
F("tnb", "5980人", "规范管理糖尿病患者", 5980, 0, "人", "count")
F("tnb_r", "63.5%", "糖尿病规范管理率", 63.5, 1, P, "rate")
F("jz", "86场", "健康讲座", 86, 0, "场", "count")
F("jz_sy", "1.45万人次", "讲座受益群众", 14500, 2, "人次", "count", magnitude=W)
F("jm", "24期", "健康科普节目", 24, 0, "期", "count")
F("hj_q", "2400人", "免费婚检任务数", 2400, 0, "人", "count")
F("hj_d", "2215人", "免费婚检已完成", 2215, 0, "人", "count")
F("hj_r", "92.29%", "婚检任务完成率", 92.29, 2, P, "rate")
F("yq_q", "1050对", "孕前优生任务", 1050, 0, "对", "count")
F("yq_d", "986对", "孕前优生已完成", 986, 0, "对", "count")
F("yq_r", "94.70%", "孕前优生完成率", 94.70, 2, P, "rate")
F("hc", "1648人", "住院分娩活产", 1648, 0, "人", "count")
F("fm_r", "100%", "住院分娩率", 100, 0, P, "rate")
F("yc_xt", "92.84%", "孕产妇系统管理率", 92.84, 2, P, "rate")
F("et_xt", "91.06%", "3岁以下儿童系统管理率", 91.06, 2, P, "rate")
F("ye", "4例", "婴儿死亡", 4, 0, "例", "count")
F("ye_r", "2.43‰", "婴儿死亡率", 2.43, 2, "‰", "rate")
F("u5", "6例", "5岁以下儿童死亡", 6, 0, "例", "count")
F("u5_r", "3.64‰", "5岁以下儿童死亡率", 3.64, 2, "‰", "rate")
F("csz", "１，２３６份", "出生医学证明", 1236, 0, "份", "count")
F("gj_q", "8000人", "宫颈癌筛查任务", 8000, 0, "人", "count")
F("gj_d", "7640人", "宫颈癌筛查完成", 7640, 0, "人", "count")
F("gj_r", "95.5%", "宫颈癌筛查完成率", 95.5, 1, P, "rate")
F("rx_d", "7712人", "乳腺癌筛查完成", 7712, 0, "人", "count")
F("rx_r", "96.4%", "乳腺癌筛查完成率", 96.4, 1, P, "rate")
F("my_q", "46800剂次", "免疫规划全年任务", 46800, 0, "剂次", "count")
F("my_d", "43805剂次", "1-11月累计接种", 43805, 0, "剂次", "count", period="1-11月")
F("my_r", "93.6%", "接种完成全年任务", 93.6, 1, P, "rate")
F("my_jz", "95%以上", "免疫规划疫苗接种率", 95, 0, P, "rate", bound="more_than")
F("mz", "17个", "预防接种门诊", 17, 0, "个", "count")
F("cr_z", "12种", "法定传染病种数", 12, 0, "种", "count")
F("cr_n", "1046例", "法定传染病例数", 1046, 0, "例", "count")
F("cr_r", "407.96/10万", "报告发病率", 407.96, 2, "/10万", "rate")
F("yl_z", "7种", "乙类种数", 7, 0, "种", "count")
F("yl_n", "398例", "乙类例数", 398, 0, "例", "count")
F("bl_z", "5种", "丙类种数", 5, 0, "种", "count")
F("bl_n", "648例", "丙类例数", 648, 0, "例", "count")
F("r1", "412例", "流行性感冒", 412, 0, "例", "count")
F("r2", "186例", "手足口病", 186, 0, "例", "count")
F("r3", "97例", "肺结核", 97, 0, "例", "count")
F("r4", "85例", "病毒性肝炎", 85, 0, "例", "count")
F("r5", "63例", "梅毒", 63, 0, "例", "count")
F("bg_r", "100%", "报告及时率和审核及时率", 100, 0, P, "rate")
F("gtt", "2个", "紧密型医共体", 2, 0, "个", "count")
F("wsy", "11个", "乡镇卫生院", 11, 0, "个", "count")
F("wss", "186个", "村卫生室", 186, 0, "个", "count")
F("zy", "3.82万人次", "县域内住院", 38200, 2, "人次", "count", magnitude=W)
F("jzl", "90.6%", "县域内就诊率", 90.6, 1, P, "rate")
F("jzl_d", "1.8个百分点", "县域内就诊率同比提高", 1.8, 1, "个百分点", "percentage_points")
F("wsy2", "11个", "乡镇卫生院", 11, 0, "个", "count", after="全县11个乡镇卫生院中")
F("tj3", "三家", "达到推荐标准", 3, 0, "家", "count")
F("tj8", "八家", "达到基本标准", 8, 0, "家", "count")
F("zyg", "9所", "已建成中医馆的乡镇卫生院", 9, 0, "所", "count")
F("zyg_c", "全覆盖", "中医馆覆盖声明", None, None, None, "none")
F("bzh", "193个", "村卫生室标准化建设", 193, 0, "个", "count")
F("tr", "1.45亿元", "县财政卫生健康投入", 145000000, 2, "元", "money", magnitude=Y)
F("tr1", "4860万元", "基本公共卫生服务投入", 48600000, 0, "元", "money", magnitude=W)
F("tr2", "6120万元", "医共体建设投入", 61200000, 0, "元", "money", magnitude=W)
F("tr3", "3520万元", "公共卫生应急体系投入", 35200000, 0, "元", "money", magnitude=W)
F("gc", "412家", "公共场所经营单位", 412, 0, "家", "count")
F("gc_j", "386家", "公共场所监督检查", 386, 0, "家", "count")
F("gc_r", "93.69%", "公共场所监督覆盖率", 93.69, 2, P, "rate")
F("yljg", "245家", "医疗机构", 245, 0, "家", "count")
F("yljg_c", "已全部监督检查", "医疗机构监督声明", None, None, None, "none")
F("yljg_r", "100%", "医疗机构监督覆盖率", 100, 0, P, "rate")
F("la", "28起", "立案查处违法案件", 28, 0, "起", "count")
F("fm", "12.6万元", "罚没款", 126000, 1, "元", "money", magnitude=W)
F("fz", "1028.4万元", "扶助资金", 10284000, 1, "元", "money", magnitude=W)
F("fz_r", "2万余人", "扶助惠及人数", 20000, 0, "人", "count", magnitude=W, bound="more_than")
F("tw", "120个", "新增普惠托位", 120, 0, "个", "count")
Q = d.find
pool = [{"count": "qy", "rate": "qy_r", "multiplier": 100},
        {"count": "da", "rate": "da_r", "multiplier": 100},
        {"count": "cr_n", "rate": "cr_r", "multiplier": 100000},
        {"population": "pop"}]
Q("implied_denominator", "consistent", "info", ["pop", "qy", "qy_r", "da", "da_r", "cr_n", "cr_r"],
  {"op": "implied_denominator", "pool": pool, "tested": []}, "population in [256395.1, 256400.8]",
  "98765 at [38.515, 38.525) % -> (256366.0, 256432.6]; 229871 at [89.645, 89.655) % -> (256395.1, 256423.7]; "
  "1046 at [407.955, 407.965)/10万 -> (256394.5, 256400.8]; 25.64万 -> [256350, 256450]: one population, about 256,400", planted=False)
Q("implied_denominator", "inconsistent", "error", ["tj", "tj_r", "pop", "qy", "qy_r", "da", "da_r", "cr_n", "cr_r"],
  {"op": "implied_denominator", "pool": pool, "tested": [{"count": "tj", "rate": "tj_r", "multiplier": 100}]},
  "51230 at [21.75, 21.85) % -> (234462.2, 235540.2]; 51230/256400 = 19.98 %",
  "the text says 占全县常住人口的21.8%, but 51230 of the ~256,400 residents is 19.98 % (prints 20.0 %); "
  "21.8 % needs 234462-235540 residents: no reading agrees", planted=True)
Q("product", "consistent", "info", ["bz", "pop2", "yb"], product(["bz", "pop2"], "yb"), "2281.96万元",
  "89元 x 256400 = 22,819,600元 = 2281.96万元 (with 25.64万 as 256350-256450: 2281.515-2282.405万)", planted=False)
Q("rate_counts", "consistent", "info", ["yb", "yib", "bf_r"], ratio("yib", "yb", 100, "bf_r"), "80.04",
  "1826.5/2281.96 x 100 = 80.0408 -> 80.04 (80.038-80.043 over both rounding ranges)", planted=False)
Q("quota_completion", "consistent", "info", ["sf_q", "sf_d", "sf_r"], ratio("sf_d", "sf_q", 100, "sf_r"), "86.2",
  "10344/12000 x 100 = 86.2 exactly", planted=False)
Q("progress", "inconsistent", "error", ["sf_r", "sf_c"],
  {"op": "progress", "share": "sf_r", "period_start": "2023-01-01", "period_end": "2023-12-31", "as_of": "2023-11-30", "claim": True},
  "elapsed at 30 Nov: 334/365 = 91.51 % by days, 11/12 = 91.67 % by months; done 86.2 %",
  "超过序时进度 is printed beside 86.2 % of the year's follow-ups at the end of November, when 91.5 % of the year has passed: "
  "the claim is false on any count of elapsed time", planted=True)
Q("quota_completion", "consistent", "info", ["hj_q", "hj_d", "hj_r"], ratio("hj_d", "hj_q", 100, "hj_r"), "92.29",
  "2215/2400 x 100 = 92.2917 -> 92.29", planted=False)
Q("quota_completion", "inconsistent", "error", ["yq_q", "yq_d", "yq_r"], ratio("yq_d", "yq_q", 100, "yq_r"), "93.90",
  "986/1050 x 100 = 93.9048 -> 93.90, printed 94.70 (digits transposed?)", planted=True)
Q("rate_counts", "consistent", "info", ["hc", "ye", "ye_r"], ratio("ye", "hc", 1000, "ye_r"), "2.43",
  "4/1648 x 1000 = 2.4272 -> 2.43", planted=False)
Q("rate_counts", "consistent", "info", ["hc", "u5", "u5_r"], ratio("u5", "hc", 1000, "u5_r"), "3.64",
  "6/1648 x 1000 = 3.6408 -> 3.64", planted=False)
Q("exceeds_existing", "consistent", "info", ["hc", "csz"], {"op": "le", "part": "csz", "whole": "hc"}, "1236 <= 1648",
  "１，２３６ (full-width digits and comma) birth certificates for 1648 live births", planted=False)
Q("quota_completion", "consistent", "info", ["gj_q", "gj_d", "gj_r"], ratio("gj_d", "gj_q", 100, "gj_r"), "95.5",
  "7640/8000 x 100 = 95.5", planted=False)
Q("quota_completion", "consistent", "info", ["gj_q", "rx_d", "rx_r"], ratio("rx_d", "gj_q", 100, "rx_r"), "96.4",
  "7712/8000 x 100 = 96.4 (the same task of 8000)", planted=False)
Q("quota_completion", "consistent", "info", ["my_q", "my_d", "my_r"], ratio("my_d", "my_q", 100, "my_r"), "93.6",
  "43805/46800 x 100 = 93.6004 -> 93.6", planted=False)
Q("progress", "consistent", "info", ["my_r"],
  {"op": "progress", "share": "my_r", "period_start": "2023-01-01", "period_end": "2023-12-31", "as_of": "2023-11-30", "claim": False},
  "93.6 % against 91.51 % (days) / 91.67 % (months) elapsed", "immunisation ahead of time progress", planted=False)
Q("parts_total", "consistent", "info", ["cr_n", "yl_n", "bl_n"], total(["yl_n", "bl_n"], "cr_n"), "1046",
  "398 + 648 = 1046", planted=False)
Q("parts_total", "consistent", "info", ["cr_z", "yl_z", "bl_z"], total(["yl_z", "bl_z"], "cr_z"), "12",
  "7 + 5 = 12 diseases", planted=False)
Q("ranked_list", "consistent", "info", ["r1", "r2", "r3", "r4", "r5", "cr_n"],
  {"op": "ranked", "items": ["r1", "r2", "r3", "r4", "r5"], "total": "cr_n", "order": "desc"}, "843 <= 1046",
  "412 >= 186 >= 97 >= 85 >= 63; 412 + 186 + 97 + 85 + 63 = 843 <= 1046", planted=False)
Q("ranked_list", "consistent", "info", ["r1", "r2", "bl_n"], {"op": "le", "part": {"sum": ["r1", "r2"]}, "whole": "bl_n"},
  "598 <= 648", "class C members of the list (流行性感冒 412, 手足口病 186) = 598 <= 648", planted=False)
Q("ranked_list", "consistent", "info", ["r3", "r4", "r5", "yl_n"], {"op": "le", "part": {"sum": ["r3", "r4", "r5"]}, "whole": "yl_n"},
  "245 <= 398", "class B members (肺结核 97, 病毒性肝炎 85, 梅毒 63) = 245 <= 398", planted=False)
Q("parts_total", "consistent", "info", ["wsy2", "tj3", "tj8"], total(["tj3", "tj8"], "wsy2"), "11",
  "三家 + 八家 (Chinese numerals) = 11 township health centres", planted=False)
Q("claim", "inconsistent", "error", ["wsy2", "zyg", "zyg_c"], {"op": "claim", "done": "zyg", "eligible": "wsy2"}, "9 of 11",
  "全覆盖 of the 11 township health centres, but only 9 have a 中医馆 (81.8 %)", planted=True)
Q("exceeds_existing", "inconsistent", "error", ["wss", "bzh"], {"op": "le", "part": "bzh", "whole": "wss"}, "193 > 186",
  "193 village clinics standardised, but the county has 186 村卫生室", planted=True)
Q("parts_total", "consistent", "info", ["tr", "tr1", "tr2", "tr3"], total(["tr1", "tr2", "tr3"], "tr"), "14500万元",
  "4860 + 6120 + 3520 = 14500万 = 1.45亿元", planted=False)
Q("rate_counts", "consistent", "info", ["gc", "gc_j", "gc_r"], ratio("gc_j", "gc", 100, "gc_r"), "93.69",
  "386/412 x 100 = 93.6893 -> 93.69", planted=False)
Q("claim", "consistent", "info", ["yljg", "yljg_c", "yljg_r"], {"op": "claim", "share": "yljg_r"}, "100 %",
  "已全部监督检查 beside 监督覆盖率100%", planted=False)
Q("exceeds_existing", "consistent", "info", ["qy", "zd"], {"op": "le", "part": "zd", "whole": "qy"}, "41206 <= 98765",
  "key-group contracts are part of all contracts", planted=False)
Q("rate_counts", "cannot_check", "info", ["gxy", "gxy_r", "tnb", "tnb_r", "zd", "zd_r"], None, None,
  "the patient and key-group populations behind 65.31 %, 63.5 % and 71.30 % are not printed", planted=False)
Q("rate_counts", "cannot_check", "info", ["jzl", "jzl_d"], None, None,
  "县域内就诊率 and its 1.8-point change have no printed counts or last year's rate", planted=False)
d.write()
