"""Convert a CTranslate2 Whisper ``model.bin`` into an openai-whisper checkpoint (dims + state dict).

openai-whisper checkpoints are not on any package registry reachable here, but the CT2 weights are, so
the bundle builds the checkpoint from them. The CT2 binary layout (version 6, little-endian):
u32 version, string spec name, u32 revision, u32 variable count; per variable: string name, u8 rank,
u32 x rank dims, u8 dtype, u32 byte count, raw bytes; then u32 alias count and (alias, target) string
pairs. A string is a u16 length counting its NUL, the UTF-8 bytes, then the NUL.
Quantised variables come with a ``<name>_scale`` companion and are dequantised here.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

_DTYPES: dict[int, npt.DTypeLike] = {
    0: np.float32,
    1: np.int8,
    2: np.int16,
    3: np.int32,
    4: np.float16,
    5: np.uint16,  # bfloat16, widened below
}


class ConversionError(ValueError):
    """The CT2 file is not a Whisper model this converter understands."""


def _read(fh: BinaryIO, fmt: str) -> tuple[int, ...]:
    size = struct.calcsize(fmt)
    data = fh.read(size)
    if len(data) != size:
        raise ConversionError("truncated CTranslate2 model file")
    return struct.unpack(fmt, data)


def _read_string(fh: BinaryIO) -> str:
    (length,) = _read(fh, "<H")
    raw = fh.read(length)
    return raw[:-1].decode("utf-8")


def read_ct2(path: Path) -> dict[str, npt.NDArray[np.float32] | npt.NDArray[np.int32]]:
    """All variables of a CT2 model file, dequantised to float32 where they carry a scale."""
    raw: dict[str, npt.NDArray[np.generic]] = {}
    with path.open("rb") as fh:
        (version,) = _read(fh, "<I")
        if version != 6:
            raise ConversionError(f"unsupported CTranslate2 binary version {version} (expected 6)")
        spec = _read_string(fh)
        if spec != "WhisperSpec":
            raise ConversionError(f"not a Whisper model (spec {spec!r})")
        _read(fh, "<I")  # spec revision
        (count,) = _read(fh, "<I")
        for _ in range(count):
            name = _read_string(fh)
            (rank,) = _read(fh, "<B")
            shape = _read(fh, f"<{rank}I") if rank else ()
            (dtype_id,) = _read(fh, "<B")
            (nbytes,) = _read(fh, "<I")
            array = np.frombuffer(fh.read(nbytes), dtype=_DTYPES[dtype_id]).reshape(shape)
            if dtype_id == 5:  # bfloat16: the high half of a float32
                array = (array.astype(np.uint32) << 16).view(np.float32)
            raw[name] = array
        (n_alias,) = _read(fh, "<I")
        for _ in range(n_alias):
            alias, target = _read_string(fh), _read_string(fh)
            raw[alias] = raw[target]
    out: dict[str, npt.NDArray[np.float32] | npt.NDArray[np.int32]] = {}
    for name, array in raw.items():
        if name.endswith("_scale"):
            continue
        scale = raw.get(f"{name}_scale")
        if scale is not None and array.dtype == np.int8:
            rows = array.reshape(array.shape[0], -1).astype(np.float32)
            out[name] = (rows / scale.astype(np.float32)[:, None]).reshape(array.shape)
        elif scale is not None and array.dtype == np.int16:
            out[name] = array.astype(np.float32) / np.float32(scale)
        elif array.dtype in (np.int32,):
            out[name] = array.astype(np.int32)
        else:
            out[name] = array.astype(np.float32)
    return out


def _count_layers(names: list[str], side: str) -> int:
    pattern = re.compile(rf"^{side}/layer_(\d+)/")
    return len({m.group(1) for n in names if (m := pattern.match(n))})


def _dims(v: dict[str, npt.NDArray[np.float32] | npt.NDArray[np.int32]]) -> dict[str, int]:
    names = list(v)
    width = int(v["decoder/embeddings/weight"].shape[1])
    return {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": width,
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": _count_layers(names, "encoder"),
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": width,
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": _count_layers(names, "decoder"),
    }


def _linear(
    sd: dict[str, npt.NDArray[np.float32]],
    v: dict[str, npt.NDArray[np.float32]],
    src: str,
    dst: str,
    bias: bool = True,
) -> None:
    sd[f"{dst}.weight"] = v[f"{src}/weight"]
    if bias:
        sd[f"{dst}.bias"] = v[f"{src}/bias"]


def _norm(
    sd: dict[str, npt.NDArray[np.float32]], v: dict[str, npt.NDArray[np.float32]], src: str, dst: str
) -> None:
    sd[f"{dst}.weight"] = v[f"{src}/gamma"]
    sd[f"{dst}.bias"] = v[f"{src}/beta"]


def _block(
    sd: dict[str, npt.NDArray[np.float32]],
    v: dict[str, npt.NDArray[np.float32]],
    side: str,
    i: int,
    width: int,
) -> None:
    src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
    qkv_w, qkv_b = v[f"{src}/self_attention/linear_0/weight"], v[f"{src}/self_attention/linear_0/bias"]
    sd[f"{dst}.attn.query.weight"], sd[f"{dst}.attn.query.bias"] = qkv_w[:width], qkv_b[:width]
    sd[f"{dst}.attn.key.weight"] = qkv_w[width : 2 * width]  # Whisper's key has no bias (CT2 stores zeros)
    sd[f"{dst}.attn.value.weight"] = qkv_w[2 * width :]
    sd[f"{dst}.attn.value.bias"] = qkv_b[2 * width :]
    _linear(sd, v, f"{src}/self_attention/linear_1", f"{dst}.attn.out")
    _norm(sd, v, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
    if side == "decoder":
        _linear(sd, v, f"{src}/attention/linear_0", f"{dst}.cross_attn.query")
        kv_w, kv_b = v[f"{src}/attention/linear_1/weight"], v[f"{src}/attention/linear_1/bias"]
        sd[f"{dst}.cross_attn.key.weight"] = kv_w[:width]
        sd[f"{dst}.cross_attn.value.weight"], sd[f"{dst}.cross_attn.value.bias"] = kv_w[width:], kv_b[width:]
        _linear(sd, v, f"{src}/attention/linear_2", f"{dst}.cross_attn.out")
        _norm(sd, v, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln")
    _linear(sd, v, f"{src}/ffn/linear_0", f"{dst}.mlp.0")
    _linear(sd, v, f"{src}/ffn/linear_1", f"{dst}.mlp.2")
    _norm(sd, v, f"{src}/ffn/layer_norm", f"{dst}.mlp_ln")


def convert(ct2_dir: Path, out_path: Path) -> Path:
    """Write ``out_path``, an openai-whisper checkpoint (float16), from the CT2 model in ``ct2_dir``."""
    import torch  # heavy; only the converter and the openai-whisper engine need it

    v = read_ct2(ct2_dir / "model.bin")
    dims = _dims(v)
    fv: dict[str, npt.NDArray[np.float32]] = {
        k: a.astype(np.float32, copy=False) for k, a in v.items() if a.dtype == np.float32
    }
    sd: dict[str, npt.NDArray[np.float32]] = {}
    for conv in ("conv1", "conv2"):
        _linear(sd, fv, f"encoder/{conv}", f"encoder.{conv}")
    sd["encoder.positional_embedding"] = fv["encoder/position_encodings/encodings"]
    sd["decoder.positional_embedding"] = fv["decoder/position_encodings/encodings"]
    sd["decoder.token_embedding.weight"] = fv["decoder/embeddings/weight"]
    _norm(sd, fv, "encoder/layer_norm", "encoder.ln_post")
    _norm(sd, fv, "decoder/layer_norm", "decoder.ln")
    for i in range(dims["n_audio_layer"]):
        _block(sd, fv, "encoder", i, dims["n_audio_state"])
    for i in range(dims["n_text_layer"]):
        _block(sd, fv, "decoder", i, dims["n_text_state"])
    state = {k: torch.from_numpy(np.ascontiguousarray(a)).to(torch.float16) for k, a in sd.items()}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    torch.save({"dims": dims, "model_state_dict": state}, tmp)
    tmp.replace(out_path)
    return out_path
