"""Video containers (MP4, MOV, WebM): their tags, read through PyAV, as the bag's text.

ComfyUI's video savers store the generation record in container tags: VideoHelperSuite's
Video Combine writes one `comment` tag holding JSON with "prompt" (the API graph, itself a JSON
string) and "workflow", and the core SaveVideo/SaveWEBM nodes write "prompt" and "workflow" tags
of their own. Putting every tag into `bag.text` means the ComfyUI parser, and the generic ones,
read a video exactly as they read a PNG's text chunks. The file is opened by path: the moov
index of a long MP4 can sit after hundreds of megabytes of frames.
"""

from __future__ import annotations

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag

VIDEO_CONTAINERS = frozenset({"mp4", "webm"})
MAX_TAGS = 200


class VideoExtractor:
    name = "video"
    order = 50

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if bag.container not in VIDEO_CONTAINERS:
            return
        import av  # deferred: only video files load FFmpeg's libraries

        try:
            container = av.open(bag.path, metadata_errors="ignore")
        except (av.FFmpegError, OSError, ValueError) as exc:
            bag.warnings.append(f"video: not a readable video ({exc})"[:500])
            return
        with container:
            tags = [dict(container.metadata)] + [dict(stream.metadata) for stream in list(container.streams)[:16]]
            video = container.streams.video[0] if container.streams.video else None
            if video is not None:
                bag.width = video.codec_context.width or None
                bag.height = video.codec_context.height or None
        for group in tags:
            for key, value in list(group.items())[:MAX_TAGS]:
                name = str(key).lower()  # Matroska writes COMMENT, MP4 comment
                if name in bag.text or not isinstance(value, str) or not value.strip():
                    continue
                if len(value) > MAX_TEXT_BYTES:
                    bag.warnings.append(f"video: tag {name!r} cut to {MAX_TEXT_BYTES} bytes")
                    value = value[:MAX_TEXT_BYTES]
                bag.text[name] = value


EXTRACTOR = VideoExtractor()
