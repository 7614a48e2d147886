"""A publication's meetings (有識者会議など): their page types and fields (kohyo.meetings)."""

from __future__ import annotations

from .model.declare import Field, PageType

FIELDS = (
    Field("agenda", "text-list", "議題",
          "会議の議題の一覧です（1つが1行）。会議のページと議事録の Word に、番号付きで載ります。",
          "[第2次札幌市ICT活用戦略（骨子案）について, 今後のスケジュールについて]"),
)

PAGE_TYPES = (
    PageType("meeting-list", "会議の一覧ページ",
             "公表物のフォルダの中の meetings フォルダの index.md（例: content/ict-strategy/meetings/index.md）。"
             "同じフォルダのファイルが、その公表物の会議（有識者会議など）になり、開催日の順に一覧にします。"
             "会議の一覧は公表物のページにも載ります。",
             ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide"),
             template="meetings.html", items="meeting"),
    PageType("meeting", "会議",
             "会議の一覧ページと同じフォルダのファイル（1回の会議が1ファイル、例: 2024-08-05-dai1kai.md）。"
             "本文には議事録（議事要旨）を書きます。議事録は Word ファイル（.docx）にもなり、会議のページから"
             "ダウンロードできます。配布資料は materials に書きます。",
             ("title", "date", "updated"),
             ("time", "venue", "agenda", "materials", "description", "keywords", "department"),
             template="meeting.html"),
)
