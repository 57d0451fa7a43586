"""Layout of the daily case-data exchange with the provincial / national platform.

全国一体化政务服务平台 办件信息: four tables, one row per fact of a case on the day of the batch.

* ``acceptance`` 受理信息 — one row for every case that appears in any table of the batch (a snapshot of
  the case header: item, department, applicant, receipt and acceptance, time limits). A batch is
  self-contained: every 过程 / 特别程序 / 结果 row has its 受理 row in the same batch, so the platform
  never needs an earlier batch to read a row; it upserts by the key.
* ``process`` 过程信息 — one row per review step done that day (初审 / 复审 / 勘查 / 审批 / 发证).
* ``special`` 特别程序 — suspensions of the time limit started or ended that day (their kinds are those
  of gov_hall's gov_deadline.py) and extensions decided that day (延期).
* ``result`` 结果信息 — cases decided, refused (不予受理) or delivered that day.

Every row starts with the key: 办件编号 ``case_no``, 事项实施编码 ``impl_code`` (12–36 digits or capital
letters), 事项版本 ``item_version``. JSON uses the English keys; the CSV files use the Chinese names as
headers, in the order below. Times are Beijing time (Asia/Shanghai) as ``YYYY-MM-DD HH:MM:SS``; days as
``YYYY-MM-DD``. Time limits are in working days. Free text longer than its column is cut at the
maximum length; codes are never cut (a code that does not fit fails the batch).

Personal data: the exchange is between government platforms, so the applicant's full name is sent;
a resident ID number is masked except its first 6 and last 4 characters (the area and the check
characters: enough to match a person together with the name and the case number, 个人信息保护法 art. 6
minimum necessary). A legal person's unified social credit code is public register data and is sent
in full.

This module imports nothing from Odoo: tests/exchange_validator.py loads it as a plain file.
"""
import re
from collections import namedtuple

LAYOUT_VERSION = "1.0"
TIMEZONE = "Asia/Shanghai"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # YYYY-MM-DD HH:MM:SS
DATE_FORMAT = "%Y-%m-%d"  # YYYY-MM-DD
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
IMPL_CODE_RE = re.compile(r"^[0-9A-Z]{12,36}$")
CASE_NO_MAX = 64
MASKED_ID_RE = re.compile(r"^\d{6}\*{8}\d{3}[0-9X]$")
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM: opens right in Excel; JSON is plain UTF-8 (RFC 8259)
CSV_NEWLINE = "\r\n"

# kind: "code" (never cut), "text" (cut at max_len), "int", "date", "datetime", "enum"
Column = namedtuple("Column", "key label kind max_len required values")


def _col(key, label, kind, max_len, required=False, values=None):
    return Column(key, label, kind, max_len, required, tuple(values) if values else None)


APPLICANT_TYPES = {"person": "自然人", "company": "法人"}
APPLICANT_ID_TYPES = {"person": "居民身份证", "company": "统一社会信用代码"}
ACCEPT_STATUS = ("已收件", "已受理", "视为受理", "不予受理")
ACCEPTED_STATUS = ("已受理", "视为受理")
CASE_TYPES = {"immediate": "即办件", "promised": "承诺件"}
STEP_NAMES = {"first_review": "初审", "second_review": "复审", "inspection": "勘查", "approval": "审批",
              "certificate": "发证"}
REVIEW_STEP_NAMES = ("初审", "复审", "勘查", "审批")  # between acceptance and result; 发证 comes after
SPECIAL_KINDS = {"hearing": "听证", "tender": "招标拍卖", "testing": "检验检测", "quarantine": "检疫",
                 "appraisal": "鉴定", "expert": "专家评审", "extension": "延期"}
SPECIAL_STATUS = ("进行中", "已结束", "已批准", "未批准")
RESULTS = {"approve": "准予", "deny": "不予", "refused": "不予受理"}
DELIVERY_METHODS = {"window": "窗口领取", "mail": "邮寄送达", "electronic": "电子送达"}
REPORT_CHANNELS = ("大厅系统", "部门专线")

KEY_COLUMNS = (
    _col("case_no", "办件编号", "code", CASE_NO_MAX, True),
    _col("impl_code", "事项实施编码", "code", 36, True),
    _col("item_version", "事项版本", "int", 6, True),
)

TABLES = {
    "acceptance": {"label": "受理信息", "columns": (*KEY_COLUMNS,
        _col("item_name", "事项名称", "text", 200, True),
        _col("dept_code", "受理部门编码", "code", 36, True),
        _col("dept_uscc", "受理部门统一社会信用代码", "code", 18),
        _col("dept_name", "受理部门名称", "text", 100, True),
        _col("window_no", "受理窗口", "text", 20),
        _col("applicant_type", "申请人类型", "enum", 10, True, APPLICANT_TYPES.values()),
        _col("applicant_name", "申请人名称", "text", 200, True),
        _col("applicant_id_type", "申请人证件类型", "enum", 20, True, APPLICANT_ID_TYPES.values()),
        _col("applicant_id", "申请人证件号码", "code", 18, True),
        _col("received_date", "收件日期", "date", 10, True),
        _col("accept_status", "受理状态", "enum", 10, True, ACCEPT_STATUS),
        _col("accepted_at", "受理时间", "datetime", 19),
        _col("case_type", "办件类型", "enum", 10, True, CASE_TYPES.values()),
        _col("promised_limit", "承诺时限", "int", 4, True),
        _col("legal_limit", "法定时限", "int", 4, True),
        _col("due_date", "承诺办结日期", "date", 10),
    )},
    "process": {"label": "过程信息", "columns": (*KEY_COLUMNS,
        _col("seq", "环节序号", "int", 3, True),
        _col("step_name", "环节名称", "enum", 10, True, STEP_NAMES.values()),
        _col("handler", "办理人", "text", 50, True),
        _col("handler_dept", "办理部门", "text", 100),
        _col("opinion", "办理意见", "text", 1000, True),
        _col("started_at", "开始时间", "datetime", 19, True),
        _col("finished_at", "结束时间", "datetime", 19, True),
    )},
    "special": {"label": "特别程序", "columns": (*KEY_COLUMNS,
        _col("special_no", "特别程序序号", "code", 20, True),
        _col("kind", "特别程序种类", "enum", 10, True, SPECIAL_KINDS.values()),
        _col("reason", "特别程序原因", "text", 500, True),
        _col("start_date", "开始日期", "date", 10, True),
        _col("end_date", "结束日期", "date", 10),
        _col("limit_days", "特别程序时限", "int", 4),
        _col("status", "特别程序状态", "enum", 10, True, SPECIAL_STATUS),
    )},
    "result": {"label": "结果信息", "columns": (*KEY_COLUMNS,
        _col("result", "办理结果", "enum", 10, True, RESULTS.values()),
        _col("finished_at", "办结时间", "datetime", 19, True),
        _col("reason", "结果说明", "text", 1000),
        _col("legal_basis", "法律依据", "text", 500),
        _col("doc_no", "证照/文书编号", "code", 64),
        _col("delivery_method", "送达方式", "enum", 10, False, DELIVERY_METHODS.values()),
        _col("delivered_date", "送达日期", "date", 10),
        _col("reported_via", "结果报送渠道", "enum", 10, True, REPORT_CHANNELS),
        _col("reporting_system", "报送系统", "text", 100),
    )},
}
TABLE_ORDER = ("acceptance", "process", "special", "result")


def columns(table):
    return TABLES[table]["columns"]


def headers(table):
    """Chinese CSV headers of a table, in order."""
    return [col.label for col in columns(table)]


def mask_id(number):
    """A resident ID with only its first 6 and last 4 characters shown: 330402********123X."""
    number = (number or "").strip().upper()
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def clip(value, table, key):
    """Free text cut at its column's maximum length (codes are never cut)."""
    if value is None or value is False:  # an empty Odoo field
        return None
    col = next(c for c in columns(table) if c.key == key)
    text = str(value).strip()
    return text[:col.max_len] if col.kind == "text" else text


def code_problem(impl_code, version):
    """Why an item's implementation code / version cannot be exchanged, or None."""
    if not impl_code:
        return "missing_code"
    if not IMPL_CODE_RE.match(impl_code):
        return "bad_code"
    if not version or int(version) <= 0:
        return "missing_version"
    return None


def csv_value(value):
    return "" if value is None else str(value)
