"""Site profiles: where the article body and its metadata live on known outlets.

A profile lists CSS selectors tried in order; the first that matches gives
the body. ``drop`` removes furniture inside the body (photo boxes, captions,
ad slots, share buttons); ``lead`` is the subtitle block shown above the body
on outlets that keep it outside the body element. Unknown sites get no
profile and go to the generic extractor.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SiteProfile:
    name: str
    hosts: tuple[str, ...]
    outlet: str
    body: tuple[str, ...]
    drop: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    # Next.js sites (the new hankookilbo.com) ship the body as HTML inside the
    # React Server Components payload instead of in the DOM.
    next_payload: bool = False

    def matches(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


PROFILES: tuple[SiteProfile, ...] = (
    SiteProfile(
        name="hankookilbo", hosts=("hankookilbo.com",), outlet="한국일보",
        body=("[itemprop=articleBody]", ".article-story", ".col-main"),
        drop=(".editor-img-box", ".caption", ".end-ad-container", ".ad-item", ".module-quote",
              ".img-box", ".writer", ".reporter", ".more-news", ".btn-area", ".edit-subscribe",
              ".newspaper-subscribe", ".taboola", "[id^=taboola]", ".article-tag", ".related"),
        lead=(".sub-tit-ll", ".sub-title"),
        published=("[data-deploy-dt]",),
        next_payload=True,
    ),
    SiteProfile(
        name="mk", hosts=("mk.co.kr",), outlet="매일경제",
        body=("[itemprop=articleBody]", ".news_cnt_detail_wrap"),
        drop=(".thumb_area", ".ad_wrap", ".ad_area", ".news_sum_text", "#refTotal"),
        lead=(".midtitle_text",),
    ),
    SiteProfile(
        name="hankyung", hosts=("hankyung.com",), outlet="한국경제",
        body=("#articletxt", "[itemprop=articleBody]", ".article-body"),
        drop=(".article-figure", ".figure-img", ".ad-wrap", ".ad-area", ".txt-copyright"),
        lead=(".article-summary", ".sub-title"),
    ),
    SiteProfile(
        name="donga", hosts=("donga.com",), outlet="동아일보",
        body=("section.news_view", ".article_txt", "#article_txt"),
        drop=(".articlePhotoC", ".articlePhotoR", ".articlePhotoL", ".article_footer", ".t_option",
              ".sns", ".article_relation", ".copyright", "#divBox", ".ad", ".view_ad06",
              ".article_issue", ".btn_page"),
        lead=(".sub_title",),
    ),
    SiteProfile(
        name="chosun", hosts=("chosun.com",), outlet="조선일보",
        body=("section.article-body", ".par", "#news_body_id"),
        drop=(".news_imgbox", ".center_img", ".ad", "figure"),
        author=(".byline",),
    ),
    SiteProfile(
        name="naver", hosts=("n.news.naver.com", "news.naver.com", "m.news.naver.com"), outlet="",  # the press, read from the page
        body=("#dic_area", "#newsct_article", "#articleBodyContents"),
        drop=(".end_photo_org", ".img_desc", ".vod_player_wrap", ".nbd_table", "._VOD_PLAYER_WRAP"),
        lead=(".media_end_summary",),
        published=("._ARTICLE_DATE_TIME", ".media_end_head_info_datestamp_time"),
        author=(".media_end_head_journalist_name", ".byline_s"),
    ),
    SiteProfile(
        name="daejonilbo", hosts=("daejonilbo.com",), outlet="대전일보",
        body=("#fontSzArea", ".m_cont", ".article_txt"),
        drop=(".article_photo", ".photo", "table"),
    ),
    SiteProfile(
        name="entermedia", hosts=("entermedia.co.kr",), outlet="엔터미디어",
        body=("#_article",),
        drop=("table",),
    ),
)


def host_of(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def profile_for(url: str | None, profiles: tuple[SiteProfile, ...] = PROFILES) -> SiteProfile | None:
    host = host_of(url)
    if not host:
        return None
    for profile in profiles:
        if profile.matches(host):
            return profile
    return None
