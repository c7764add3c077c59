#!/usr/bin/env python3
"""check_citations.py fails on a citation of a missing file or section and passes on good ones
(CTest docs.citations_fails); small fake trees, standard library only."""
import contextlib
import io
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_citations  # noqa: E402

DOC = "# Periods\n\n<a id=\"x\"></a>\n\n## 1. Types\n\n## 2. Codes\n\n### 2.1 Weeks\n"


class Citations(unittest.TestCase):
    def run_on(self, source):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "docs").mkdir()
            (root / "docs/periods.md").write_text(DOC, encoding="utf-8")
            (root / "src").mkdir()
            (root / "src/a.cpp").write_text(source, encoding="utf-8")
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                return check_citations.main(["--root", tmp]), err.getvalue()

    def test_existing_sections_pass(self):
        status, err = self.run_on("// docs/periods.md §1, §2.1; docs/periods.md §1–2\n"
                                  "// (docs/periods.md\n// §2)\n")
        self.assertEqual((status, err), (0, ""))

    def test_missing_section_fails(self):
        status, err = self.run_on("int x;\n// docs/periods.md §3\n")
        self.assertEqual(status, 1)
        self.assertIn("src/a.cpp:2: cites docs/periods.md §3", err)

    def test_missing_section_in_a_range_fails(self):
        self.assertEqual(self.run_on("// docs/periods.md §1–3\n")[0], 1)

    def test_the_old_design_file_may_not_be_cited(self):
        status, err = self.run_on("// DESIGN.md §2: half up\n")
        self.assertEqual(status, 1)
        self.assertIn("src/a.cpp:1: cites DESIGN.md", err)

    def test_missing_file_fails(self):
        status, err = self.run_on("// docs/targets.md §1\n")
        self.assertEqual(status, 1)
        self.assertIn("does not exist", err)


if __name__ == "__main__":
    unittest.main()
