package dev.onekycbridge.sandbox.model;

import java.util.List;

/**
 * Made-up eKTP holders whose cards the simulated SDK "scans". Not real people: NIKs follow the format
 * (province, regency, district codes, birth date with 40 added to the day for women, serial) only.
 */
public final class SampleIdentities {

    private static final List<KtpData> CARDS = List.of(
            new KtpData("3578011708900003", "BUDI SANTOSO", "SURABAYA", "17-08-1990", "O", "ISLAM", "JAWA TIMUR",
                    "KOTA SURABAYA", "JL. DARMO PERMAI III NO. 12", "TEGALSARI", "KEDUNGDORO", "male", "004", "007",
                    "KARYAWAN SWASTA", "SEUMUR HIDUP", "WNI", "KAWIN", "12-03-2018"),
            new KtpData("3174056203950002", "SITI RAHAYU", "JAKARTA", "22-03-1995", "A", "ISLAM", "DKI JAKARTA",
                    "JAKARTA SELATAN", "JL. KEMANG RAYA NO. 5", "MAMPANG PRAPATAN", "BANGKA", "female", "002", "005",
                    "PELAJAR/MAHASISWA", "SEUMUR HIDUP", "WNI", "BELUM KAWIN", "05-06-2019"),
            new KtpData("3374021802600001", "YOHANES PRASETYO", "SEMARANG", "18-02-1960", "-", "KRISTEN",
                    "JAWA TENGAH", "KOTA SEMARANG", "JL. PANDANARAN NO. 88", "SEMARANG SELATAN", "RANDUSARI",
                    "male", "008", "020", "WIRASWASTA", "", "WNI", "CERAI MATI", "28-12-2017"),
            new KtpData("5171046110880004", "NI MADE AYU LESTARI", "DENPASAR", "21-10-1988", "B", "HINDU", "BALI",
                    "KOTA DENPASAR", "JL. GATOT SUBROTO BARAT NO. 21", "DENPASAR UTARA", "PEMECUTAN KAJA",
                    "female", "001", "003", "GURU", "SEUMUR HIDUP", "WNI", "KAWIN", "14-01-2016"));

    private SampleIdentities() {
    }

    /** The same user id always scans the same card. */
    public static KtpData forUser(String partnerUserId) {
        return CARDS.get(Math.floorMod(partnerUserId.hashCode(), CARDS.size()));
    }
}
