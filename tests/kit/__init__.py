"""The one test kit: every suite builds its sites, images and checks from here.

- `config`: `site_yaml()`, the one definition of a test site's settings.
- `files`: writing a site's files, building it, reading what was published.
- `images`: PNG and JPEG bytes made the way the real tools write them (Pillow, piexif, raw chunks).
- `sites`: `TmpSite` and `new_site` for the core tests, with an HTML reader for what a build wrote.
- `hostile`: payloads, builds in a child process with limits, and checks that output is inert.
- `c2pa_sign`: real C2PA manifests signed with a throwaway certificate chain.
- `mdfixtures`: the Markdown fixture files (tests/fixtures/markdown/), case by case.
"""
