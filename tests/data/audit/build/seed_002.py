import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product

from lib import DATA, SEEDS
OUT = DATA + "seed_002.expected.json"
d = Doc(SEEDS + "002_5f89a4321b8daabd.txt", OUT, {
    "document": "seed_002",
    "seed_file": "002_5f89a4321b8daabd.txt",
    "description": "a district health commission's 2024 half-year summary (real text, not committed); "
                   "no date is printed, the latest dates in the text are 6月10日 and 6月底",
    "as_of": "2024-06-30",
    "period": "2024上半年",
})
F = d.fig
P = "%"
W, Y = 10000, 100000000

F("zz_zy", "2228人次", "住院转诊", 2228, 0, "人次", "count", after="共办理住院转诊", period="1-5月")
F("zz_cy", "1602人次", "出院转诊", 1602, 0, "人次", "count")
F("zy_qx", "23660人次", "区乡级医疗机构住院", 23660, 0, "人次", "count")
F("zy_zb", "63.15%", "占同期住院病人总数", 63.15, 2, P, "rate")
F("zy_bh", "3.56个百分点", "区内住院率同比变化", 3.56, 2, "个百分点", "percentage_points")
F("s4_mz", "110786人次", "市四院门急诊", 110786, 0, "人次", "count")
F("s4_cy", "11555人次", "市四院出院", 11555, 0, "人次", "count")
F("fy_mz", "122871", "妇幼保健院门急诊人次", 122871, 0, "人次", "count")
F("fy_cy", "9709", "妇幼保健院出院人次", 9709, 0, "人次", "count")
F("zz1", "44%", "门急诊同比增长", 44, 0, P, "rate")
F("zz2", "11.6 %", "出院同比增长", 11.6, 1, P, "rate")
F("jc_cy", "1.9万余人次", "基层出院人次", 19000, 1, "人次", "count", magnitude=W, bound="more_than")
F("jc_mz", "42万人次", "基层门急诊人次", 420000, 0, "人次", "count", magnitude=W)
F("cj_zy", "1680元", "次均住院费用", 1680, 0, "元", "money")
F("cj_mz", "52.94元", "次均门诊费用", 52.94, 2, "元", "money")
F("cj_zz", "6%", "次均费用同比增长", 6, 0, P, "rate")
F("dl", "2400万元", "药品带量采购", 24000000, 0, "元", "money", magnitude=W)
F("ps", "97%左右", "配送率", 97, 0, P, "rate", bound="about")
F("mj", "约1.8万平方米", "门急诊综合楼建筑面积", 18000, 1, "平方米", "units", magnitude=W, bound="about")
F("tj", "70%", "土建工程量完成", 70, 0, P, "rate")
F("ej", "2所", "检查二级医院", 2, 0, "所", "count")
F("my", "6所", "检查民营医院", 6, 0, "所", "count")
F("sq", "28所", "检查社区卫生服务站", 28, 0, "所", "count")
F("lj", "76种", "遴选临床路径病种", 76, 0, "种", "count")
F("lj_xx", "40种", "纳入信息化管理病种", 40, 0, "种", "count")
F("lj_zb", "50%", "入径病例占出院病例", 50, 0, P, "rate")
F("ch", "667984人", "参加新农合人数", 667984, 0, "人", "count")
F("ch_js", "7220人", "参合人数较上年减少", 7220, 0, "人", "count")
F("ch_r", "97%", "参合率", 97, 0, P, "rate")
F("bz", "540元", "人均筹资标准", 540, 0, "元", "money")
F("bz_gr", "120元", "农民个人自筹", 120, 0, "元", "money")
F("bz_zy", "240元", "中央财政补助", 240, 0, "元", "money")
F("bz_s", "135元", "省级财政补助", 135, 0, "元", "money")
F("bz_q", "45元", "区级财政补助", 45, 0, "元", "money")
F("cz", "3.6亿余元", "全年应筹集参合资金", 360000000, 1, "元", "money", magnitude=Y, bound="more_than")
F("sy", "近54万人次", "享受新农合补偿人次", 540000, 0, "人次", "count", magnitude=W, bound="nearly", period="1-5月份")
F("sy_r", "80.8%", "参合受益率", 80.8, 1, P, "rate")
F("bc", "1.3亿元", "发放补偿资金", 130000000, 1, "元", "money", magnitude=Y)
F("bc_zb", "36.1%", "补偿资金占当年筹资额", 36.1, 1, P, "rate")
F("zy_rc", "3.9万人次", "住院补偿人次", 39000, 1, "人次", "count", magnitude=W)
F("zy_zj", "1.1亿元", "住院补偿资金", 110000000, 1, "元", "money", magnitude=Y)
F("fm_rc", "2113人次", "住院分娩补偿人次", 2113, 0, "人次", "count")
F("fm_zj", "116.17万元", "住院分娩补偿资金", 1161700, 2, "元", "money", magnitude=W)
F("mz_rc", "49.1万人次", "门诊统筹补偿人次", 491000, 1, "人次", "count", magnitude=W)
F("mz_zj", "986.1万元", "门诊统筹补偿资金", 9861000, 1, "元", "money", magnitude=W)
F("mb_rc", "7628人次", "慢性病门诊补偿人次", 7628, 0, "人次", "count")
F("mb_zj", "994.8万元", "慢性病门诊补偿资金", 9948000, 1, "元", "money", magnitude=W)
F("zyg", "5所", "中医馆卫生院", 5, 0, "所", "count")
F("da", "690913份", "电子健康档案", 690913, 0, "份", "count", period="截止6月10日")
F("jy", "291余种", "健康教育资料", 291, 0, "种", "count", bound="more_than")
F("yq", "3276份", "孕产妇电子服务券", 3276, 0, "份", "count", period="2024年1-3月")
F("yq_je", "796498元", "孕产妇服务金额", 796498, 0, "元", "money")
F("eq", "1938份", "儿童电子服务券", 1938, 0, "份", "count")
F("eq_je", "385710元", "儿童服务金额", 385710, 0, "元", "money")
F("lnr", "95769人", "规范管理老年人", 95769, 0, "人", "count", period="1-6月")
F("gxy", "92822人", "规范管理高血压", 92822, 0, "人", "count")
F("tnb", "18760人", "规范管理糖尿病", 18760, 0, "人", "count")
F("szk", "17起", "学校手足口病疫情", 17, 0, "起", "count")
F("jz_done", "67072剂次", "累计完成接种", 67072, 0, "剂次", "count", period="截止5月底")
F("jz_quota", "164318", "全年接种任务", 164318, 0, "剂次", "count")
F("jz_rs", "7469人", "接种任务人数", 7469, 0, "人", "count")
F("jz_zc", "22针次", "每人针次", 22, 0, "针次", "count")
F("jz_rate", "40.8%", "完成全年接种任务", 40.8, 1, P, "rate")
F("cr_zl", "15种", "报告传染病种数", 15, 0, "种", "count")
F("cr_n", "1227例", "报告传染病例数", 1227, 0, "例", "count")
F("sw", "2例", "死亡病例", 2, 0, "例", "count")
F("sw_az", "1例", "艾滋病死亡", 1, 0, "例", "count")
F("sw_fj", "1例", "肺结核死亡", 1, 0, "例", "count")
F("yl_zl", "8种", "乙类传染病种数", 8, 0, "种", "count")
F("yl_n", "585例", "乙类传染病例数", 585, 0, "例", "count")
F("bl_zl", "7种", "丙类传染病种数", 7, 0, "种", "count")
F("bl_n", "642例", "丙类传染病例数", 642, 0, "例", "count")
F("fbl", "153.895/10万", "传染病发病率", 153.895, 3, "/10万", "rate")
F("swl", "0.2508/10万", "传染病死亡率", 0.2508, 4, "/10万", "rate")
F("r1", "377例", "手足口病", 377, 0, "例", "count", after="手足口病(")
F("r2", "171例", "肺结核", 171, 0, "例", "count")
F("r3", "148例", "乙肝", 148, 0, "例", "count")
F("r4", "142例", "梅毒", 142, 0, "例", "count")
F("r5", "98例", "其他感染性腹泻", 98, 0, "例", "count")
F("bgk", "3257张", "传染病报告卡", 3257, 0, "张", "count")
F("yj", "82条", "预警信息", 82, 0, "条", "count")
F("fx", "377例", "腹泻病例", 377, 0, "例", "count", after="合计报告腹泻病例")
F("fx_jl", "15例", "菌痢", 15, 0, "例", "count")
F("fx_sh", "1例", "伤寒", 1, 0, "例", "count")
F("fx_qt", "23例", "其它感染性腹泻病", 23, 0, "例", "count")
F("fx_yb", "338例", "一般腹泻", 338, 0, "例", "count")
F("la", "27起", "立案处罚", 27, 0, "起", "count")
F("la_yl", "23起", "医疗机构立案处罚", 23, 0, "起", "count")
F("la_ga", "1起", "移交公安", 1, 0, "起", "count")
F("la_hz", "3家", "取缔黑诊所", 3, 0, "家", "count")
F("la_gc", "4起", "公共场所立案处罚", 4, 0, "起", "count")
F("la_r", "100%", "行政处罚立案率", 100, 0, P, "rate")
F("zf", "90余人次", "出动卫生执法人员", 90, 0, "人次", "count", bound="more_than")
F("zf_fg", "60%", "监督覆盖医疗机构", 60, 0, P, "rate")
F("yjs", "25份", "卫生监督意见书", 25, 0, "份", "count")
F("zg", "8家", "责令整改", 8, 0, "家", "count")
F("lacc", "4家", "立案查处", 4, 0, "家", "count")
F("hc", "4024", "活产数", 4024, 0, "人", "count", after="全区活产数", period="上半年")
F("yc_fg", "93.9%", "孕产妇保健覆盖率", 93.9, 1, P, "rate")
F("yc_xt", "88.99%", "孕产妇系统管理率", 88.99, 2, P, "rate")
F("gw", "100%", "高危孕产妇管理率", 100, 0, P, "rate")
F("hj", "3448对", "免费婚检", 3448, 0, "对", "count", period="1-5月份")
F("hj_r", "85.26%", "婚检率", 85.26, 2, P, "rate")
F("hj_jd", "50.71%", "婚检完成全年任务", 50.71, 2, P, "rate")
F("fm", "4183人", "住院分娩补助", 4183, 0, "人", "count")
F("fm_jd", "55.77%", "住院分娩补助完成全年任务", 55.77, 2, P, "rate")
F("ys", "3750人", "发放叶酸人数", 3750, 0, "人", "count")
F("ys_p", "13811瓶", "发放叶酸瓶数", 13811, 0, "瓶", "count")
F("ys_jd", "50%", "叶酸完成全年任务", 50, 0, P, "rate")
F("jc", "619人", "疾病检出", 619, 0, "人", "count")
F("jc_r", "8.98%", "检出率", 8.98, 2, P, "rate")
F("yq_fq", "5014对", "孕前优生健康检查夫妇", 5014, 0, "对", "count", period="截止5月份")
F("byyj", "11.5万元", "避孕药具价值", 115000, 1, "元", "money", magnitude=W)
F("ez", "2169例", "第二个子女生育登记", 2169, 0, "例", "count", period="截至5月31日")
F("jl", "22846人", "计划生育奖励对象", 22846, 0, "人", "count")
F("jl_zj", "1990.99万元", "累计发放奖励资金", 19909900, 2, "元", "money", magnitude=W)
F("jl_1", "5401人", "奖励扶助人数", 5401, 0, "人", "count")
F("jl_2", "8818人", "扩面奖励扶助人数", 8818, 0, "人", "count")
F("jl_2z", "1398.3万元", "奖励扶助和扩面资金", 13983000, 1, "元", "money", magnitude=W)
F("jl_3", "914人", "特别扶助人数", 914, 0, "人", "count")
F("jl_3z", "269.6万元", "特别扶助资金", 2696000, 1, "元", "money", magnitude=W)
F("jl_4", "615人", "破产改制企业退休职工人数", 615, 0, "人", "count")
F("jl_4z", "92.5万元", "破产改制企业退休职工资金", 925000, 1, "元", "money", magnitude=W)
F("jl_5", "188人", "城镇无单位居民人数", 188, 0, "人", "count")
F("jl_5z", "28.4万元", "城镇无单位居民资金", 284000, 1, "元", "money", magnitude=W)
F("jl_6", "6910人", "节育奖励人数", 6910, 0, "人", "count")
F("jl_6a", "6075人", "上环", 6075, 0, "人", "count")
F("jl_6b", "642人", "结扎", 642, 0, "人", "count")
F("jl_6c", "193人", "两女扎", 193, 0, "人", "count")
F("jl_6z", "202.19万元", "节育奖励资金", 2021900, 2, "元", "money", magnitude=W)
F("la2", "6件", "两非立案", 6, 0, "件", "count", after="全区共立案")
F("ja", "1件", "两非结案", 1, 0, "件", "count")
F("xq", "1人", "判处有期徒刑", 1, 0, "人", "count")
F("fk", "50000元", "罚款", 50000, 0, "元", "money")
F("td", "88个", "健康脱贫服务团队", 88, 0, "个", "count")
F("pk_h", "13750户", "因病致贫返贫户", 13750, 0, "户", "count")
F("pk_r", "31153人", "因病致贫返贫人口", 31153, 0, "人", "count")
F("zq", "74户", "征迁任务", 74, 0, "户", "count")
F("zq_done", "70户", "已完成征收", 70, 0, "户", "count", after="已完成70户")
F("zq_r", "95%", "征迁完成率", 95, 0, P, "rate")
F("cs", "10个", "督查菜市场和农贸市场", 10, 0, "个", "count")
F("wj", "3200份", "发放问卷", 3200, 0, "份", "count")
F("wj_yx", "2860份", "有效问卷", 2860, 0, "份", "count")
F("myl", "92", "满意率(未印单位)", 92, 0, "", "none", after="满意率达")
F("xcc", "60000份", "宣传册", 60000, 0, "份", "count")
F("sm", "12万次", "志愿者上门服务", 120000, 0, "次", "count", magnitude=W)
F("tk", "23户", "救助计生特困家庭", 23, 0, "户", "count")
F("tk_j", "2.3万元", "慰问金", 23000, 1, "元", "money", magnitude=W)
F("db", "15户", "大病救助", 15, 0, "户", "count")
F("db_j", "7.5万元", "大病救助金", 75000, 1, "元", "money", magnitude=W)
F("pkc", "66个", "贫困村", 66, 0, "个", "count")
F("tkh", "173户", "独双女特困家庭", 173, 0, "户", "count")
F("mh", "1000元", "每户救助金", 1000, 0, "元", "money")
F("zj", "2400万元", "实际到位资金", 24000000, 0, "元", "money", magnitude=W, after="实际到位资金")
F("zj_1", "2024万", "用于保证金", 20240000, 0, "元", "money", magnitude=W)
F("zj_2", "200万", "用于环评和规划设计", 2000000, 0, "元", "money", magnitude=W)
F("zj_3", "200万", "用于活动板房和场地整治", 2000000, 0, "元", "money", magnitude=W)
F("yh", "67条", "安全隐患", 67, 0, "条", "count")

Q = d.find
Q("product", "consistent", "info", ["jz_quota", "jz_rs", "jz_zc"],
  product(["jz_rs", "jz_zc"], "jz_quota"), "164318",
  "7469 x 22 = 164318, the printed yearly task")
Q("quota_completion", "consistent", "info", ["jz_done", "jz_quota", "jz_rate"],
  ratio("jz_done", "jz_quota", 100, "jz_rate"), "40.8",
  "67072/164318 x 100 = 40.8183 -> 40.8")
Q("progress", "consistent", "warning", ["jz_rate"],
  {"op": "progress", "share": "jz_rate", "period_start": "2024-01-01", "period_end": "2024-12-31",
   "as_of": "2024-05-31", "claim": False},
  "time elapsed at 31 May 2024: 152/366 = 41.53 % by days, 5/12 = 41.67 % by months; done 40.8 %",
  "40.8 % of the yearly doses by the end of May is behind the time elapsed (41.53 % by days in the leap year 2024, "
  "41.67 % by months); on schedule only under an unstated convention (doses not due evenly over the year)")
Q("progress", "consistent", "info", ["hj_jd"],
  {"op": "progress", "share": "hj_jd", "period_start": "2024-01-01", "period_end": "2024-12-31",
   "as_of": "2024-05-31", "claim": False},
  "50.71 % against 41.53-41.67 % elapsed", "婚检 at 50.71 % of the year's task by end of May: ahead of schedule")
Q("progress", "consistent", "info", ["fm_jd"],
  {"op": "progress", "share": "fm_jd", "period_start": "2024-01-01", "period_end": "2024-12-31",
   "as_of": "2024-05-31", "claim": False},
  "55.77 % against 41.53-41.67 % elapsed", "住院分娩补助 at 55.77 %: ahead of schedule")
Q("progress", "consistent", "info", ["ys_jd"],
  {"op": "progress", "share": "ys_jd", "period_start": "2024-01-01", "period_end": "2024-12-31",
   "as_of": "2024-05-31", "claim": False},
  "50 % against 41.53-41.67 % elapsed", "叶酸 at 50 %: ahead of schedule")
Q("rate_counts", "cannot_check", "info", ["hj", "hj_r"], None, "implied 4043.9-4044.3",
  "婚检率85.26% of 3448 couples implies 4044 registered couples; not printed")
Q("quota_completion", "cannot_check", "info", ["hj", "hj_jd"], None, "implied quota 6798.8-6800.1",
  "3448 at 50.71 % implies a yearly task of 6799 or 6800 couples (3448/6800 = 50.706 -> 50.71); the task is not printed")
Q("quota_completion", "cannot_check", "info", ["fm", "fm_jd"], None, "implied quota 7499.8-7501.1",
  "4183 at 55.77 % implies a task of about 7500 (4183/7500 = 55.773 -> 55.77); not printed")
Q("parts_total", "consistent", "info", ["jl", "jl_1", "jl_2", "jl_3", "jl_4", "jl_5", "jl_6"],
  total(["jl_1", "jl_2", "jl_3", "jl_4", "jl_5", "jl_6"], "jl"), "22846",
  "5401 + 8818 + 914 + 615 + 188 + 6910 = 22846")
Q("parts_total", "consistent", "info", ["jl_zj", "jl_2z", "jl_3z", "jl_4z", "jl_5z", "jl_6z"],
  total(["jl_2z", "jl_3z", "jl_4z", "jl_5z", "jl_6z"], "jl_zj"), "1990.99万元",
  "1398.3 + 269.6 + 92.5 + 28.4 + 202.19 = 1990.99 (万元)")
Q("parts_total", "consistent", "info", ["jl_6", "jl_6a", "jl_6b", "jl_6c"],
  total(["jl_6a", "jl_6b", "jl_6c"], "jl_6"), "6910", "6075 + 642 + 193 = 6910")
Q("parts_total", "inconsistent", "error", ["zj", "zj_1", "zj_2", "zj_3"],
  total(["zj_1", "zj_2", "zj_3"], "zj"), "2424万元",
  "2024 + 200 + 200 = 2424万 against a printed total of 2400万元 (which stands for 2399.5-2400.5万): 24万 too many; "
  "no rounding reading closes the gap (2024 may be a year substituted for 2000)")
Q("parts_total", "consistent", "info", ["cr_n", "yl_n", "bl_n"],
  total(["yl_n", "bl_n"], "cr_n"), "1227", "585 + 642 = 1227 cases (no class A reported)")
Q("parts_total", "consistent", "info", ["cr_zl", "yl_zl", "bl_zl"],
  total(["yl_zl", "bl_zl"], "cr_zl"), "15", "8 + 7 = 15 diseases")
Q("parts_total", "consistent", "info", ["sw", "sw_az", "sw_fj"],
  total(["sw_az", "sw_fj"], "sw"), "2", "1 + 1 = 2 deaths")
Q("parts_total", "consistent", "info", ["fx", "fx_jl", "fx_sh", "fx_qt", "fx_yb"],
  total(["fx_jl", "fx_sh", "fx_qt", "fx_yb"], "fx"), "377", "15 + 1 + 23 + 338 = 377 diarrhoea cases")
Q("parts_total", "consistent", "info", ["la", "la_yl", "la_gc"],
  total(["la_yl", "la_gc"], "la"), "27",
  "23 medical-institution + 4 public-place cases = 27 (移交公安1起 and 取缔黑诊所3家 are outcomes, not further cases)")
Q("parts_total", "consistent", "info", ["bz", "bz_gr", "bz_zy", "bz_s", "bz_q"],
  total(["bz_gr", "bz_zy", "bz_s", "bz_q"], "bz"), "540元", "120 + 240 + 135 + 45 = 540元 per person")
Q("product", "consistent", "info", ["ch", "bz", "cz"],
  product(["ch", "bz"], "cz"), "360711360元 = 3.607亿元",
  "667984 x 540 = 360,711,360元, i.e. 3.6亿余 (3.6 to 3.7亿)")
Q("rate_counts", "consistent", "info", ["ch", "sy", "sy_r"],
  ratio("sy", "ch", 100, "sy_r"), "79.34-80.84",
  "近54万 stands for 530000-540000 person-times; /667984 x 100 = 79.34-80.84 %, which includes 80.75-80.85 (80.8 %): "
  "consistent (e.g. 539741/667984 = 80.80 %)")
Q("rate_counts", "consistent", "info", ["bc", "cz", "bc_zb"],
  ratio("bc", "cz", 100, "bc_zb"), "33.78-37.50",
  "1.3亿 (1.25-1.35亿) / 3.6亿余 (3.6-3.7亿) x 100 = 33.78-37.50 %, includes 36.1 %; "
  "with the exact 360711360元: 1.3亿 -> 36.04 %, 36.1 % needs 1.3004-1.3040亿, within 1.3亿's rounding")
Q("parts_total", "consistent", "info", ["sy", "zy_rc", "fm_rc", "mz_rc", "mb_rc"],
  total(["zy_rc", "fm_rc", "mz_rc", "mb_rc"], "sy"), "539741",
  "3.9万 + 2113 + 49.1万 + 7628 = 539741 person-times (538741-540741 with rounding): 近54万")
Q("parts_total", "consistent", "info", ["bc", "zy_zj", "fm_zj", "mz_zj", "mb_zj"],
  total(["zy_zj", "fm_zj", "mz_zj", "mb_zj"], "bc"), "13097.07万元",
  "1.1亿 + 116.17万 + 986.1万 + 994.8万 = 13097.07万 = 1.31亿, rounds to 1.3亿")
Q("parts_total", "consistent", "info", ["zyg"],
  {"op": "count_items", "names": ["三十铺", "东桥", "张店", "横塘", "城北"], "total": "zyg"}, "5",
  "five named health centres (三十铺、东桥、张店、横塘、城北) = 5所")
Q("implied_denominator", "consistent", "info", ["cr_n", "fbl", "sw", "swl"],
  {"op": "implied_denominator",
   "pool": [{"count": "cr_n", "rate": "fbl", "multiplier": 100000}],
   "tested": [{"count": "sw", "rate": "swl", "multiplier": 100000}]},
  "population in [797294.3, 797299.4]",
  "1227 at [153.8945, 153.8955)/10万 -> (797294.3, 797299.4]; 2 at [0.25075, 0.25085)/10万 -> (797289.2, 797607.2]: "
  "the same population, about 797,297")
Q("ranked_list", "consistent", "info", ["r1", "r2", "r3", "r4", "r5", "cr_n"],
  {"op": "ranked", "items": ["r1", "r2", "r3", "r4", "r5"], "total": "cr_n", "order": "desc"}, "936 <= 1227",
  "377 >= 171 >= 148 >= 142 >= 98, and 377 + 171 + 148 + 142 + 98 = 936 <= 1227")
Q("ranked_list", "consistent", "info", ["r2", "r3", "r4", "yl_n"],
  {"op": "le", "part": {"sum": ["r2", "r3", "r4"]}, "whole": "yl_n"}, "461 <= 585",
  "the class B diseases of the list (肺结核 171, 乙肝 148, 梅毒 142) = 461 <= 585 class B cases")
Q("ranked_list", "consistent", "info", ["r1", "r5", "bl_n"],
  {"op": "le", "part": {"sum": ["r1", "r5"]}, "whole": "bl_n"}, "475 <= 642",
  "the class C diseases of the list (手足口病 377, 其他感染性腹泻 98) = 475 <= 642 class C cases")
Q("exceeds_existing", "inconsistent", "warning", ["fm", "hc"],
  {"op": "le", "part": "fm", "whole": "hc"}, "4183 > 4024",
  "4183 住院分娩补助 in January-May exceed the 4024 live births of the whole half year; they agree only if the "
  "subsidy counts deliveries of an earlier period or outside the district's birth count (an unstated base)")
Q("quota_completion", "consistent", "info", ["zq", "zq_done", "zq_r"],
  ratio("zq_done", "zq", 100, "zq_r"), "95", "70/74 x 100 = 94.59 -> 95 at 0 decimals")
Q("rate_counts", "cannot_check", "info", ["jc", "jc_r"], None, "implied 6889.3-6896.9",
  "619 at 8.98 % implies 6890-6896 people examined; no such count is printed (3448 couples x 2 = 6896 persons would fit: 619/6896 = 8.976 -> 8.98)")
Q("rate_counts", "cannot_check", "info", ["zy_qx", "zy_zb"], None, "implied 37463.4-37469.3",
  "23660 at 63.15 % implies 37464-37469 admissions in all; the total is not printed")
Q("rate_counts", "cannot_check", "info", ["ch", "ch_r"], None, "implied 685112-692211",
  "667984 at 97 % implies an eligible population of 685112-692211; not printed")
Q("rate_counts", "cannot_check", "info", ["s4_mz", "fy_mz", "zz1", "s4_cy", "fy_cy", "zz2"], None, None,
  "增长44%、11.6 % have no printed base-period counts")
d.write()
