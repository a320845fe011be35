namespace FilterPatterns.Internal;

/// <summary>
/// How common each byte is in log text, as a rank: 255 the commonest (space), 0 the rarest. Used to pick the units a
/// literal search anchors on (<see cref="LiteralSearch"/>): the rarer they are, the fewer false candidates it verifies.
/// </summary>
/// <remarks>
/// The ranks are a byte histogram of mixed logs (16 loghub system logs, Apache access logs, CloudTrail, Kubernetes
/// audit and NGINX JSON, VPC flow logs), each file weighted alike; bytes never seen rank by value below every seen
/// one. Only the order matters, and only for speed: any choice of anchors finds the same occurrences.
/// </remarks>
internal static class ByteFrequency
{
    /// <summary>The rank of a UTF-16 unit: ASCII as its byte, anything else as rare as the rarest bytes.</summary>
    public static int Of(char c) => c < 128 ? Rank[c] : 0;

    /// <summary>Rank by byte value.</summary>
    public static ReadOnlySpan<byte> Rank =>
    [
          0,   1,   2,   3,   4,   5,   6,   7,   8,   9, 220,  10,  11,  12,  13,  14, // 0x00
         15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30, // 0x10
        255, 162, 238, 186, 173, 165, 166, 167, 196, 195, 180, 171, 225, 234, 241, 222, // 0x20
        252, 253, 251, 242, 237, 239, 235, 232, 233, 230, 245, 177, 168, 203, 164, 163, // 0x30
        176, 207, 194, 213, 200, 204, 198, 183, 185, 214, 191, 193, 197, 202, 211, 199, // 0x40
        201, 175, 206, 218, 208, 190, 182, 192, 174, 169, 179, 210, 170, 209,  31, 215, // 0x50
         32, 249, 226, 240, 236, 254, 221, 223, 224, 243, 178, 219, 231, 227, 246, 248, // 0x60
        228, 181, 247, 244, 250, 229, 217, 205, 212, 216, 184, 187, 189, 188, 172,  33, // 0x70
         34,  35,  36,  37,  38,  39,  40,  41,  42,  43,  44,  45,  46,  47,  48,  49, // 0x80
         50,  51,  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  62,  63,  64,  65, // 0x90
         66,  67,  68,  69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,  81, // 0xA0
         82,  83,  84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,  97, // 0xB0
         98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, // 0xC0
        114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, // 0xD0
        130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, // 0xE0
        146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, // 0xF0
    ];
}
