#include <iostream>
#include <zhibiao/zhibiao.hpp>

int main() {
  using namespace zhibiao;
  // 免费婚前医学检查任务数为1600人 ... 已为1506人 ... 任务完成率94.13%
  std::cout << QuotaCompletion(1506, 1600).format(2) << '\n';          // 94.13%
  std::cout << Proportion(104, 124).format(1) << '\n';                 // 83.9%
  std::cout << sex_ratio(427, 374).format(2) << '\n';                  // 114.17
  std::cout << Rate(801, 164815, Unit::per_mille()).format(2) << '\n'; // 4.86‰

  Eigen::ArrayXd done(2), quota(2);
  done << 1506, 18101;
  quota << 1600, 19800;
  auto column = quota_completions(done, quota, {.decimals = 2});
  std::cout << column.rounded.array().transpose() << '\n'; // 94.13 91.42
}
