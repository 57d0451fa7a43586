from . import cn_calendar
