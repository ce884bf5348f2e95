"""The report's frame (fzlint/parse/frame.py): title and year where real published reports (other
units, provinces and years than the seeds) put them — false positives fixed at their root.  The
rest of that pass (numbering, parts, dates, terms, typography) sits with its rule family under
tests/rules/, marked ``published`` like these.

Every text here is written for the test, modelled on the shape of the real reports (web-page
headers above the title, reports pasted without a title, numbering that runs on across
sub-sections, department and township wording); no real report is copied.
"""

from __future__ import annotations

import pytest

from fzlint.parse import parse

from ..conftest import codes, lint


def texts(diags, text: str) -> list[str]:
    return [text[d.start : d.end] for d in diags]


# ---- title and year ------------------------------------------------------------------------
@pytest.mark.published
def test_a_web_header_date_above_the_title_is_neither_title_nor_year():
    text = ("某某区人民政府 2019年12月3日星期二\n\n无障碍 简体| 繁体\n\n"
            "某某区2023年度法治政府建设情况报告\n来源：区政府办公室 发布时间：2024-03-28 09:18\n\n"
            "2023年，某某区坚持以习近平法治思想为指导，深入学习贯彻党的二十大精神。\n")
    doc = parse(text)
    assert doc.title is not None and doc.title.text == "某某区2023年度法治政府建设情况报告"
    assert doc.year == 2023
    diags = lint(text, select=("FZ3", "FZ104", "FZ502"))
    assert "FZ302" not in codes(diags) and "FZ303" not in codes(diags) and "FZ312" not in codes(diags)
    assert texts([d for d in diags if d.code == "FZ502"], text)[0].startswith("某某区人民政府 2019年12月3日星期二")


@pytest.mark.published
def test_a_breadcrumb_line_is_not_taken_for_the_title():
    text = ("工作报告\n\n您所在的位置：政务公开 > 工作报告\n\n2020年某某区法治政府建设情况报告\n"
            "文章来源：司法局 更新时间：2021/03/29 11:30:01\n\n2020年，某某区依法全面履行政府职能。\n")
    doc = parse(text)
    assert doc.title is not None and doc.title.text == "2020年某某区法治政府建设情况报告"
    assert doc.year == 2020 and doc.year_source == "title"


@pytest.mark.published
def test_the_issuer_line_above_a_guanyu_title_still_belongs_to_the_title():
    doc = parse("青山镇人民政府\n关于2024年度法治政府建设工作的报告\n2024年，青山镇扎实推进依法行政。\n")
    assert doc.title is not None and doc.title.text == "青山镇人民政府关于2024年度法治政府建设工作的报告"
    assert doc.issuer == "青山镇人民政府"


@pytest.mark.published
def test_an_attachment_label_above_the_title_is_not_part_of_it():
    doc = parse("附件2\n\n某街道2022年法治政府建设情况报告\n\n2022年，某街道深入推进依法行政。\n")
    assert doc.title is not None and doc.title.text == "某街道2022年法治政府建设情况报告"


@pytest.mark.published
@pytest.mark.parametrize("text, year", [
    ("2022年，在区委、区政府的坚强领导下，某街道深入学习贯彻习近平法治思想。现将有关情况报告如下：\n"
     "一、主要举措和成效\n（一）加强组织领导\n全年召开专题会议4次。\n", 2022),
    ("中共某县委员会，某县人民政府：\n根据工作要求，现将我镇2024年度法治政府建设工作情况报告如下：\n"
     "一、主要举措和成效\n（一）加强组织领导\n全年召开专题会议4次。\n", 2024),
    ("2023年，某乡法治建设工作在乡党委、政府的正确领导下稳步推进。\n一、工作开展情况\n"
     "（一）组织领导全面加强\n成立领导小组。\n", 2023),
    ("按照上级要求，我局认真总结全年工作。\n一、2021年度推进法治政府建设的主要举措和成效\n"
     "（一）加强学习\n开展集中学法12次。\n", 2021),
])
def test_the_year_of_a_report_without_one_in_its_title_comes_from_its_opening(text, year):
    doc = parse(text)
    assert (doc.year, doc.year_source) == (year, "body")
    assert "FZ310" not in codes(lint(text, select=("FZ310",)))


@pytest.mark.published
def test_a_look_back_since_a_year_does_not_set_the_report_year():
    text = "2021年以来，某区坚持以习近平法治思想为指导，深入学习贯彻党的二十大精神。\n一、主要工作\n（一）加强领导\n召开会议。\n"
    assert parse(text).year is None
    assert "FZ302" not in codes(lint(text, select=("FZ3",)))


@pytest.mark.published
def test_a_year_later_in_the_body_is_not_the_report_year():
    text = "关于法治政府建设的情况报告\n按照要求，我乡认真总结工作。\n一、强化组织保障\n（一）健全机制\n2021年以来共召开会议8次。\n"
    assert parse(text).year is None


