# Pelican settings for the build benchmark: the same pages artsite makes, nothing more.
# Each post with the built-in theme, a home page paginated by 10, tag pages paginated by 10,
# the tag index, the archive and one Atom feed of 20 full posts. Category and author pages
# and every per-tag/per-category feed are off, because artsite makes none of them.
AUTHOR = "Bench Mark"
SITENAME = "Synthetic studio"
SITEURL = "https://bench.example.org"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
FEED_ALL_ATOM = "feed.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = False
RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
