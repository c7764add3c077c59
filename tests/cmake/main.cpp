// Links the installed library and checks seed 000's figures (八公山区 2019, 一(一)1 and 一(二)5).
#include <zhibiao/zhibiao.hpp>

#include <cstdio>
#include <string>

int main() {
  int failures = 0;
  auto check = [&](const std::string& got, const char* expected) {
    std::printf("%-10s expected %-10s %s\n", got.c_str(), expected,
                got == expected ? "ok" : "FAIL");
    failures += got != expected;
  };
  check(zhibiao::QuotaCompletion(1506, 1600).format(2), "94.13%"); // 任务完成率94.13%
  check(zhibiao::sex_ratio(427, 374).format(2), "114.17");         // 出生人口总性别比114.17
  check(zhibiao::Unit::parse("/10万").code().data(), "per_100k");
  std::printf("zhibiao %s\n", zhibiao::version);
  return failures == 0 ? 0 : 1;
}
