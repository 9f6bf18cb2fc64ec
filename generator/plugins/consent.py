"""Built-in plugin: the artist's consent signals.

With `ai_training: {reserve: true}` (the default) every page says, in each machine-readable way
that exists, that the work is not for AI training without permission: robots.txt groups for the
known AI crawlers, the W3C TDMRep file, meta tags and, for hosts that read `_headers`, HTTP
headers. The same plugin states the licence (link, footer, JSON-LD), because "what may be done
with this" is one question. The reservation is resolved per page before anything renders, and
stored in `page.extra`, so a changed front-matter choice also changes the page's build signature.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.consent import headers, markup, odrl, tdmrep
from generator.consent.crawlers import robots_group, site_crawlers
from generator.consent.licenses import LicenseInfo, resolve_license
from generator.consent.settings import SCHEMA, SiteConsent, contact_href, layered, safe_url, site_consent
from generator.consent.tdmrep import PathStatus
from generator.consent.xmp_reservation import add_tdm_reservation
from generator.content.model import Page
from generator.plugins.api import Plugin, pure

if TYPE_CHECKING:  # pragma: no cover
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

OWNER = "consent plugin"


def _location(base_path: str, url: str) -> str:
    """A page URL as a TDMRep location: base path included, the pattern characters escaped."""
    return (base_path.rstrip("/") + url).replace("*", "%2A").replace("$", "%24")


class ConsentPlugin(Plugin):
    name = "consent"
    config_schema = SCHEMA

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.cfg = SiteConsent()
        self.policy = ""
        self.rules: list[PathStatus] = []
        self.policy_doc: dict[str, Any] | None = None
        self._warned: set[str] = set()

    # -- on_content: decide every page's status before anything renders ------------------------------

    def on_content(self, site: Site) -> None:
        raw = site.config.get("ai_training")
        self.cfg = site_consent(raw)
        self.policy = safe_url(self.cfg.policy_url, site.config.base_url)
        if self.cfg.policy_url and not self.policy:
            site.problems.warning("ai_training.policy_url must be an http(s) URL or a path starting with /; "
                                  "it was left out", site.config.path)
        self.policy_doc = None
        if self.cfg.policy != "reserve":
            self._grant(site, raw)
        crawlers, problems = site_crawlers(self.cfg.crawlers, self.cfg.exclude)
        for message in problems:
            site.problems.warning(message, site.config.path)
        if self.cfg.reserve:
            self._add_robots(site, crawlers)
        self._license(site, site.config.get("license"), None, "site.yaml")
        pages = self._decide(site)
        base = site.config.base_path
        root = PathStatus(base, True, self.policy) if self.cfg.reserve else None
        self.rules = tdmrep.plan_rules([status for _, status in pages], root)
        for page, status in pages:
            lifted = self.cfg.reserve or tdmrep.covering_reservation(status.location, self.rules)
            tdm = 1 if status.reserved else (0 if lifted else None)
            page.extra.setdefault("consent", {})["tdm"] = tdm

    def _grant(self, site: Site, raw: Any) -> None:
        """`open-models-only` / `licensed`: the generated policy replaces policy_url, plus its page."""
        where = site.config.path
        line = site.config.lines.get(("ai_training",))
        if self.cfg.policy_url:
            site.problems.warning(f"ai_training.policy_url is not used with policy: {self.cfg.policy}; artsite "
                                  f"publishes the policy at /{odrl.POLICY_PATH} and the terms at {odrl.PAGE_URL}. "
                                  "Remove policy_url, or link your own terms with terms_url", where, line)
        if isinstance(raw, dict) and raw.get("reserve") is False:
            site.problems.warning(f"ai_training: reserve: false contradicts policy: {self.cfg.policy} (which "
                                  "reserves training and grants it on conditions); the site stays reserved", where, line)
        contact = contact_href(self.cfg.contact)
        if self.cfg.contact and not contact:
            site.problems.warning("ai_training.contact must be an email address or an http(s) URL; it was left out",
                                  where, line)
        if self.cfg.policy == "licensed" and not contact:
            site.problems.warning("ai_training: licensed needs a contact (an email address or a URL) where "
                                  "licences can be requested", where, line)
        terms = safe_url(self.cfg.terms_url, site.config.base_url)
        if self.cfg.terms_url and not terms:
            site.problems.warning("ai_training.terms_url must be an http(s) URL or a path starting with /; "
                                  "it was left out", where, line)
        base = site.config.base_url
        self.cfg = replace(self.cfg, policy_url="/" + odrl.POLICY_PATH)  # what pages inherit as tdm-policy
        self.policy = safe_url(self.cfg.policy_url, base)
        page_abs = safe_url(odrl.PAGE_URL, base)
        email = contact[7:] if contact.startswith("mailto:") else ""
        author = site.config.get("author") or {}
        name = str(author.get("name") or site.config.get("title") or "")
        self.policy_doc = odrl.policy_document(self.cfg.policy, uid=self.policy, site_url=safe_url("/", base),
                                               page_url=page_abs, name=name, email=email)
        page = Page(kind="ai-licence", title="AI training on this site", url=odrl.PAGE_URL, layout="ai-licence",
                    description=odrl.SUMMARY[self.cfg.policy])
        page.context["ai_licence"] = {
            "policy": self.cfg.policy, "summary": odrl.SUMMARY[self.cfg.policy], "contact": self.cfg.contact,
            "contact_href": contact, "terms_url": terms, "policy_url": self.policy,
            "policy_json": odrl.policy_json(self.policy_doc), "open_models": _open_models(site),
        }
        page.deps = [self.cfg.policy, contact, terms, self.policy, name, *page.context["ai_licence"]["open_models"]]
        site.add_page(page)

    def _add_robots(self, site: Site, crawlers: Any) -> None:
        group = robots_group(crawlers, self.cfg.block)
        contact = self.cfg.contact.replace("\r", " ").replace("\n", " ")[:200]
        if group and self.cfg.policy != "reserve":
            terms = safe_url(self.cfg.terms_url, site.config.base_url)
            comments = odrl.robots_comments(self.cfg.policy, safe_url(odrl.PAGE_URL, site.config.base_url),
                                            self.policy, contact if contact_href(contact) else "", terms)
            group = "\n".join(comments) + "\n" + group
        elif group and contact:
            group = group.replace("\n", f"\n# Licensing requests: {contact}\n", 1)
        if group:
            site.robots_rules.append(group)

    def _decide(self, site: Site) -> list[tuple[Page, PathStatus]]:
        decided: list[tuple[Page, PathStatus]] = []
        seen: set[int] = set()
        for page in [*site.posts, *site.plain_pages, *site.pages]:
            if not page.url or id(page) in seen:
                continue
            seen.add(id(page))
            work = page.context.get("work") if page.kind == "work" else None
            if work is not None:
                gallery_data = work.gallery.data if work.gallery is not None else {}
                status = layered(self.cfg, gallery_data.get("ai_training"), work.data.get("ai_training"))
            else:
                status = layered(self.cfg, page.data.get("ai_training"))
            policy = safe_url(status.policy_url, site.config.base_url)
            license_value = site.setting("license", page=page, work=work)
            own = work.setting("license") if work is not None else page.data.get("license")
            if own is not None:  # inherited values were checked against site.yaml already
                self._license(site, own, page, page.rel or page.url)
            page.extra["consent"] = {"reserve": status.reserve, "policy_url": policy, "contact": status.contact,
                                     "license": None if license_value is None else str(license_value)}
            decided.append((page, PathStatus(_location(site.config.base_path, page.url), status.reserve, policy)))
        return decided

    def _license(self, site: Site, value: Any, page: Page | None, where: str) -> LicenseInfo | None:
        info = resolve_license(value)
        if info is not None and not info.known and str(value) not in self._warned:
            self._warned.add(str(value))
            hint = "site.yaml" if page is None else f"{where} (or site.yaml)"
            site.problems.warning(f"license '{value}' is not an SPDX id or a Creative Commons URL; it is shown "
                                  f"as written, without a link. Fix it in {hint}",
                                  site.config.path if page is None else page.source)
        return info

    # -- on_page_context: meta tags, licence, JSON-LD -------------------------------------------------

    @pure
    def on_page_context(self, page: Page, context: dict[str, Any], site: Site) -> None:
        state = page.extra.get("consent") or {
            "reserve": self.cfg.reserve, "policy_url": self.policy, "contact": self.cfg.contact,
            "license": site.config.get("license"), "tdm": 1 if self.cfg.reserve else None}
        info = resolve_license(state.get("license"))
        tags = markup.meta_tags(state.get("tdm"), state["reserve"], state["policy_url"]) + markup.license_link(info)
        context["head_tags"] = [*context.get("head_tags", []), *(Markup(tag) for tag in tags)]
        context["license_info"] = info.as_dict() if info is not None else None
        granted = self.cfg.policy != "reserve"
        context["consent"] = {"reserved": state["reserve"], "policy_url": state["policy_url"],
                              "contact": state["contact"], "contact_href": contact_href(state["contact"]),
                              "policy": self.cfg.policy, "terms_page": odrl.PAGE_URL if granted else "",
                              "text": odrl.FOOTER.get(self.cfg.policy, "No AI training without permission")}
        if info is not None:
            markup.add_jsonld_license(context.get("jsonld"), info.url)

    # -- on_post_build: the files ---------------------------------------------------------------------

    def on_post_build(self, site: Site, writer: OutputWriter) -> None:
        self._write(site, writer, tdmrep.PATH, tdmrep.tdmrep_json(self.rules))
        if self.policy_doc is not None:
            self._write(site, writer, odrl.POLICY_PATH, odrl.policy_json(self.policy_doc))
        self._mark_originals(site, writer)
        if not self.cfg.headers:
            return
        root = site.config.base_path
        reserved = [(r.location, r.policy_url) for r in self.rules if r.reserved and r.location != root]
        lifted = [r.location for r in self.rules if not r.reserved]
        typed = [root + odrl.POLICY_PATH] if self.policy_doc is not None else []
        self._write(site, writer, headers.PATH,
                    headers.headers_file(root, self.cfg.reserve, self.policy, reserved, lifted, typed))

    def _mark_originals(self, site: Site, writer: OutputWriter) -> None:
        """Write the reservation into the XMP of published *clean* originals.

        Exact originals are promised byte-identical (that is what keeps a C2PA signature valid), so
        they are left alone; clean ones were already rewritten and carry no C2PA store. The file in
        the new site may be a hard link into the image cache, so the writer replaces it, never edits it.
        """
        for work in site.works:
            image, page = work.image, work.page
            if image is None or page is None or not getattr(image, "original_url", None):
                continue
            status = page.extra.get("consent") or {}
            if work.originals != "clean" or not status.get("reserve"):
                continue
            rel = image.original_url.lstrip("/")  # site-relative, as the pipeline placed it
            original = writer.read_placed(rel)
            if original is None:
                continue
            marked = add_tdm_reservation(original, status.get("policy_url") or None)
            if marked is None:
                site.problems.warning("the TDM reservation could not be written into this original's XMP",
                                      work.source)
                continue
            writer.replace_placed(rel, marked)

    def _write(self, site: Site, writer: OutputWriter, rel: str, text: str | None) -> None:
        if text is None:
            return
        if rel in writer.written:
            site.problems.warning(f"/{rel} comes from your content ({writer.written[rel]}); artsite's own was "
                                  "not written. Remove yours, or set ai_training.headers: false for _headers")
            return
        writer.write_text(rel, text, OWNER)


def _open_models(site: Site) -> list[str]:
    """Registry models graded A (open weights *and* obtainable training data) on fully verified facts:
    examples, for the licence page, of what `open-models-only` lets in today."""
    from generator.openness import grade_entry, load_registry

    registry = load_registry()
    extra = site.config.get("models")
    if extra:
        registry, _problems = registry.with_extra(extra)  # problems are the openness plugin's to report
    names = []
    for model_id in sorted(registry.entries):
        grade = grade_entry(registry, model_id)
        if grade.letter == "A" and not grade.unverified:
            names.append(str(grade.canonical_name or model_id))
    return sorted(set(names), key=str.lower)
