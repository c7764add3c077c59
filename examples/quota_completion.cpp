// The README's C++ snippet: quota completion and proportions from seed 000 (八公山区 2019).
#include <zhibiao/zhibiao.hpp>

#include <iostream>

int main() {
  using namespace zhibiao;
  // 2019年我区免费婚前医学检查任务数为1600人 ... 已为1506人 ... 任务完成率94.13%
  const QuotaCompletion marriage_checks(1506, 1600);
  std::cout << "免费婚检任务完成率 " << marriage_checks.format(2) << '\n';      // 94.13%
  // 现有公共场所有效经营单位124家，现已监督检查104家，监督覆盖率83.9%
  std::cout << "公共场所监督覆盖率 " << Proportion(104, 124).format(1) << '\n'; // 83.9%
  // 出生人口总性别比114.17 (427 boys, 374 girls)
  std::cout << "出生人口性别比 " << sex_ratio(427, 374).format(2) << '\n';      // 114.17
  std::cout << "incidence " << Rate(1227, 797300).format(3, Language::en) << '\n';
}
