"""Documents and sound files with their author, device and location fields, written the way the
tools that make them write them (a PDF's Info dictionary, ID3v2.4 frames, a DOCX's core.xml)."""

from __future__ import annotations

import io
import zipfile


def pdf_with_author(author: str) -> bytes:
    """A one-page PDF 1.4 with a document Info dictionary (/Author, /Creator, /Producer), as
    LibreOffice and most exporters write it, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        f"<< /Author ({author}) /Creator (Writer) /Producer (LibreOffice 7.5) "
        f"/CreationDate (D:20250302101500+01'00') >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _syncsafe(size: int) -> bytes:
    return bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])


def _text_frame(frame_id: bytes, text: str) -> bytes:
    body = b"\x03" + text.encode("utf-8")  # encoding 3: UTF-8
    return frame_id + _syncsafe(len(body)) + b"\x00\x00" + body


def encoded_audio(suffix: str, tags: dict[str, str] | None = None) -> bytes:
    """A short real sound file (silence) made with PyAV, with container and stream tags, the way
    FFmpeg-based tools and phones write them (in MP4 as free-form keys, as phones use)."""
    import av

    muxer, codec, rate = {".mp3": ("mp3", "libmp3lame", 44100), ".m4a": ("ipod", "aac", 44100),
                          ".flac": ("flac", "flac", 44100), ".opus": ("ogg", "libopus", 48000),
                          ".ogg": ("ogg", "libopus", 48000), ".wav": ("wav", "pcm_s16le", 44100)}[suffix]
    buffer = io.BytesIO()
    options = {"movflags": "use_metadata_tags"} if muxer == "ipod" else {}
    with av.open(buffer, "w", format=muxer, options=options) as out:
        for key, value in (tags or {}).items():
            out.metadata[key] = value
        stream = out.add_stream(codec, rate=rate)
        stream.metadata["handler_name"] = (tags or {}).get("make", "SoundHandler")
        samples = 960 if codec == "libopus" else 1152
        for _ in range(12):
            frame = av.AudioFrame(format=stream.format.name, layout="stereo", samples=samples)
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return buffer.getvalue()


def mp3_with_tags(artist: str, comment: str) -> bytes:
    """An ID3v2.4 tag (TIT2 title, TPE1 artist, COMM comment), as taggers write it, before real
    MPEG-1 Layer III frames."""
    comm = b"\x03eng\x00" + comment.encode("utf-8")
    frames = (_text_frame(b"TIT2", "Demo") + _text_frame(b"TPE1", artist)
              + b"COMM" + _syncsafe(len(comm)) + b"\x00\x00" + comm)
    return b"ID3\x04\x00\x00" + _syncsafe(len(frames)) + frames + encoded_audio(".mp3")


def docx_with_author(author: str) -> bytes:
    """A DOCX package whose docProps/core.xml names the author, as Word writes it."""
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>'
            '<cp:revision>1</cp:revision></cp:coreProperties>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:  # stored: the name is plain in the bytes
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("docProps/core.xml", core)
        package.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()
