"""Builds zhibiao._core by driving CMake (the only thing pyproject.toml cannot say).

Environment:
  ZHIBIAO_BUILD_DIR   CMake build directory (default: build/python); kept between installs so
                      that rebuilding after a change recompiles only what changed.
  ZHIBIAO_CMAKE_ARGS  extra CMake arguments, e.g. "-DZHIBIAO_SANITIZE=ON".
"""
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        build_dir = Path(os.environ.get("ZHIBIAO_BUILD_DIR", ROOT / "build" / "python"))
        # The module is built inside its own build directory and copied to setuptools' place on
        # every install: that place (build/lib.*) is shared by every build from this tree, so a
        # module left there by another configuration (the ASan one of `.ci/dev sanitize`) would
        # otherwise be installed when this build finds nothing to recompile.
        extdir = build_dir / "module"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DZHIBIAO_BUILD_PYTHON=ON",
            "-DZHIBIAO_BUILD_TESTS=OFF",
            "-DZHIBIAO_BUILD_EXAMPLES=OFF",
            "-DZHIBIAO_INSTALL=OFF",
            # The interpreter running this build is the one that will import the module.
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DZHIBIAO_PYTHON_OUTPUT_DIR={extdir}",
        ] + shlex.split(os.environ.get("ZHIBIAO_CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)
        # The command-line tool too (docs/cli.md): `python -m zhibiao` runs it from zhibiao/bin/.
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_core", "zhibiao_cli", "-j2"],
                       check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(extdir / target.name, target)
        (target.parent / "bin").mkdir(exist_ok=True)
        shutil.copy2(build_dir / "tools" / "zhibiao" / "zhibiao", target.parent / "bin" / "zhibiao")


setup(ext_modules=[CMakeExtension("zhibiao._core")], cmdclass={"build_ext": CMakeBuild})
