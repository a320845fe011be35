namespace FilterPatterns.Internal;

/// <summary>
/// How common each byte is in log text: occurrences per 65,536 bytes (at least 1). Used to pick the units a literal
/// search anchors on (<see cref="LiteralSearch"/>) and to group literals into the buckets of a multi-literal search
/// (<see cref="Matching.Text.LiteralSet"/>): the rarer the bytes a search looks for, the fewer false candidates it
/// verifies.
/// </summary>
/// <remarks>
/// A byte histogram of mixed logs (16 loghub system logs, Apache access logs, CloudTrail, Kubernetes audit and NGINX
/// JSON, VPC flow logs), each file weighted alike. Only speed depends on it: any choice finds the same occurrences.
/// </remarks>
internal static class ByteFrequency
{
    /// <summary>The frequency of a UTF-16 unit: ASCII as its byte, anything else as rare as the rarest bytes.</summary>
    public static int Of(char c) => c < 128 ? Frequency[c] : 1;

    /// <summary>Occurrences per 65,536 bytes, by byte value.</summary>
    public static ReadOnlySpan<ushort> Frequency =>
    [
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,  427,    1,    1,    1,    1,    1, // 0x00
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0x10
        5543,    2, 1434,   79,   25,    6,    6,    7,  135,  135,   51,   18,  601, 1197, 1557,  479, // 0x20
        3324, 3341, 2368, 1653, 1415, 1454, 1225, 1132, 1144, 1014, 1864,   45,    7,  239,    5,    4, // 0x30
          39,  280,  129,  315,  203,  258,  193,   59,   72,  324,  108,  122,  157,  223,  307,  195, // 0x40
         205,   32,  262,  403,  281,   94,   56,  114,   27,   12,   50,  286,   13,  286,    1,  328, // 0x50
           1, 2251,  609, 1494, 1315, 3583,  469,  495,  594, 1686,   47,  422, 1022,  771, 1914, 2075, // 0x60
         787,   56, 1927, 1776, 2268,  931,  397,  259,  308,  349,   65,   93,   94,   93,   22,    1, // 0x70
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0x80
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0x90
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0xA0
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0xB0
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0xC0
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0xD0
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0xE0
           1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1,    1, // 0xF0
    ];
}
