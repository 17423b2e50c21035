"""Explanation texts, Bahasa Indonesia first, English second.

Kept as a small dict here (the rules package has no Django, so no gettext). ``text(key, lang, **kw)``
formats a message; ``label(parameter_name, lang)`` names a parameter in a trace.
"""

from __future__ import annotations

from datetime import date
from typing import Any

LANGS = ("id", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "error_period_format": ("Format periode tidak dikenal: {value!r}; gunakan TTTT-BB, misalnya 2025-04.",
                            "Unknown period format: {value!r}; use YYYY-MM, e.g. 2025-04."),
    "error_date_format": ("Format tanggal tidak dikenal: {value!r}; gunakan TTTT-BB-HH.",
                          "Unknown date format: {value!r}; use YYYY-MM-DD."),
    "error_amount_type": ("{what}: nilai uang harus Decimal atau teks angka, bukan float.",
                          "{what}: money must be a Decimal or a numeric string, not a float."),
    "error_amount_format": ("{what}: {value!r} bukan angka yang sah.", "{what}: {value!r} is not a valid number."),
    "error_amount_too_large": ("{what}: {value} terlalu besar.", "{what}: {value} is too large."),
    "error_negative": ("{what} tidak boleh negatif (diberikan {value}).", "{what} must not be negative (got {value})."),
    "error_risk_group": ("Kelompok risiko JKK harus 1 sampai 5 (PP 44/2015 Pasal 16), bukan {value}.",
                         "The JKK risk group must be 1 to 5 (PP 44/2015 Pasal 16), not {value}."),
    "error_programme": ("Program tidak dikenal: {value!r}; pilihan: {choices}.",
                        "Unknown programme: {value!r}; choices: {choices}."),
    "error_programme_not_in_force": ("Program {programme} belum/tidak berlaku pada periode {period}.",
                                     "Programme {programme} is not in force in period {period}."),
    "error_relief": ("Keringanan tidak dikenal: {value!r}; pilihan: {choices}.",
                     "Unknown relief: {value!r}; choices: {choices}."),
    "error_choice": ("{what}: {value!r} tidak dikenal; pilihan: {choices}.",
                     "{what}: unknown value {value!r}; choices: {choices}."),
    "error_before_law": ("Tanggal {on} sebelum ketentuan {name} berlaku (mulai {start}).",
                         "{on} is before {name} took effect (from {start})."),
    "error_not_in_force": ("Ketentuan {name} tidak berlaku pada {on} (berakhir sejak {since}).",
                           "{name} is not in force on {on} (ended from {since})."),
    "error_workers_required": ("Keringanan padat karya memerlukan jumlah pekerja (--workers).",
                               "The padat-karya relief needs the number of workers (--workers)."),
    "error_penalty_programme": ("Denda dihitung per program {choices}; {value!r} tidak punya iuran terpisah.",
                                "Denda is computed for {choices}; {value!r} has no separate contribution."),
    "error_penalty_bpu": ("Tidak ditemukan ketentuan denda untuk BPU.", "No denda rule was found for BPU."),
    "error_missing": ("Skema ini memerlukan {what}.", "This scheme needs {what}."),
    "error_thresholds": ("Ambang kolektibilitas harus naik: lancar ≤ kurang lancar ≤ diragukan.",
                         "Collectibility thresholds must increase: lancar ≤ kurang lancar ≤ diragukan."),
    "error_claim_before_phk": ("Tanggal klaim tidak boleh sebelum tanggal PHK.",
                               "The claim date must not be before the PHK date."),
    "error_contribution_months": ("Bulan iuran dihitung dalam {span} bulan terakhir; tidak boleh lebih dari {span}.",
                                  "Contribution months are counted within {span} months; at most {span}."),
    "error_generic": ("Masukan tidak sah: {detail}", "Invalid input: {detail}"),
    # payers, classes
    "payer_employer": ("pemberi kerja", "employer"),
    "payer_worker": ("pekerja", "worker"),
    "payer_government": ("pemerintah", "government"),
    "payer_participant": ("peserta", "participant"),
    "payer_bpjs": ("BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan"),
    "class_lancar": ("Lancar", "Current (lancar)"),
    "class_kurang_lancar": ("Kurang lancar", "Substandard (kurang lancar)"),
    "class_diragukan": ("Diragukan", "Doubtful (diragukan)"),
    "class_macet": ("Macet", "Bad (macet)"),
    "remainder": ("sisa (bagian terakhir menerima selisih pembulatan)", "remainder (the last part takes the rounding)"),
    # trace steps
    "step_period": ("Periode iuran {period}; ketentuan yang berlaku pada {on} (hari terakhir bulan) dipakai",
                    "Contribution month {period}; the law in force on {on} (last day of the month) applies"),
    "step_line": ("{programme} ({payer}): {base} × {rate}", "{programme} ({payer}): {base} × {rate}"),
    "step_line_deferred": ("{programme} ({payer}) ditunda: {base} × {rate}",
                           "{programme} ({payer}) deferred: {base} × {rate}"),
    "step_workers": ("Jumlah pekerja aktif terdaftar (minimal {minimum})",
                     "Active registered workers (at least {minimum})"),
    "step_total": ("Jumlah {payer}", "Total {payer}"),
    "step_allocation": ("Pembagian internal {source} → {target}: {base} × {rate}",
                        "Internal split {source} → {target}: {base} × {rate}"),
    "step_bpu_excluded": ("Iuran dibayar dari {funding}: tidak mendapat potongan PP 50/2025",
                          "Contribution paid from {funding}: no PP 50/2025 discount"),
    "step_nominal_due": ("Tanggal jatuh tempo menurut ketentuan", "Due date as stated by the regulation"),
    "step_skip_day": ("{day} bukan hari kerja ({reason}); digeser", "{day} is not a working day ({reason}); moved"),
    "step_due": ("Batas akhir pembayaran (hari kerja)", "Last day to pay (working day)"),
    "step_months_late": ("Bulan keterlambatan dari {due} sampai {paid}", "Months of delay from {due} to {paid}"),
    "step_penalty": ("Denda: {base} × {rate} × {months} bulan", "Denda: {base} × {rate} × {months} months"),
    "step_handed_to_pupn": ("Piutang sudah diserahkan ke PUPN: macet", "Receivable already handed to PUPN: macet"),
    "step_class_months": ("Kolektibilitas untuk {months} bulan tertunggak", "Collectibility for {months} months overdue"),
    "step_class_letters": ("Kolektibilitas setelah {letters} Surat Tagihan tidak dibayar",
                           "Collectibility after {letters} unpaid Surat Tagihan"),
    "step_pupn_class": ("Kolektibilitas piutang (harus {required})", "Collectibility (must be {required})"),
    "step_pupn_amount": ("Jumlah piutang (minimal {minimum})", "Amount of the receivable (at least {minimum})"),
    "step_pupn_documents": ("Dokumen pendukung lengkap", "Supporting documents complete"),
    "step_pupn_aph": ("Ditangani aparat penegak hukum (APH) — tidak boleh", "Handled by law enforcement (APH) — must not be"),
    "step_regime": ("Ketentuan JKP yang berlaku pada tanggal PHK {phk}", "JKP regime in force on the PHK date {phk}"),
    "step_jkp_month": ("Manfaat bulan ke-{month}: {base} × {rate}", "Benefit month {month}: {base} × {rate}"),
    "step_jkp_total": ("Jumlah manfaat uang tunai JKP", "Total JKP cash benefit"),
    # warnings
    "relief_outside_window": ("Keringanan {relief} tidak diterapkan: periode {period} di luar masa berlakunya.",
                              "Relief {relief} not applied: period {period} is outside its window."),
    "relief_too_few_workers": ("Keringanan padat karya tidak diterapkan: {workers} pekerja, minimal {minimum}.",
                               "Padat-karya relief not applied: {workers} workers, at least {minimum} needed."),
    "relief_wrong_industry": ("Keringanan padat karya tidak diterapkan: industri {industry!r} bukan salah satu "
                              "dari {choices}.",
                              "Padat-karya relief not applied: industry {industry!r} is not one of {choices}."),
    "programmes_not_in_force": ("Program {programmes} belum berlaku pada periode {period}; tidak dihitung.",
                                "Programme(s) {programmes} not in force in period {period}; not computed."),
    "bpu_below_minimum": ("Penghasilan {income} di bawah batas terendah {minimum}; iuran dihitung dari {minimum}.",
                          "Income {income} is below the lowest bracket {minimum}; computed on {minimum}."),
    "bpu_relief_excluded": ("Peserta yang iurannya dibayar dari {funding} tidak mendapat potongan PP 50/2025.",
                            "Participants paid for from the {funding} get no PP 50/2025 discount."),
    # assumptions
    "assume_reference_date": (
        "Iuran suatu bulan mengikuti ketentuan yang berlaku pada hari terakhir bulan itu (menentukan Februari 2021 "
        "dan Februari 2025 untuk JKP; jumlah yang dibayar pemberi kerja tidak berubah).",
        "A month's contribution follows the law in force on the last day of that month (this decides February 2021 "
        "and February 2025 for JKP; what the employer pays is unchanged)."),
    "assume_jp_wage": ("Upah untuk JP dianggap upah pokok + tunjangan tetap sebagaimana dilaporkan.",
                       "The wage given is taken as basic wage plus fixed allowances for JP."),
    "assume_industry": ("Industri padat karya tidak diperiksa: dianggap salah satu dari enam industri PP 7/2025.",
                        "Industry not checked: assumed to be one of the six PP 7/2025 industries."),
    "assume_padat_karya_paid_up": ("Dianggap iuran JKK sudah dibayar sampai Januari 2025 (syarat PP 7/2025).",
                                   "JKK assumed paid up to January 2025 (a PP 7/2025 condition)."),
    "assume_covid_conditions": ("Syarat keringanan PP 49/2020 (tertib iuran sampai Juli 2020) dianggap terpenuhi; "
                                "jadwal pelunasan JP yang ditunda belum diatur di sini.",
                                "PP 49/2020 conditions (contributions paid up to July 2020) assumed met; the "
                                "schedule for the deferred JP is not modelled."),
    "assume_recomposition_base": ("Rekomposisi JKP adalah pembagian internal, dihitung dari upah yang dibatasi "
                                  "batas upah JKP; dana asal menyimpan sisanya. Pemberi kerja tetap membayar tarif "
                                  "JKK/JKM PP 44/2015 secara penuh (kecuali ada keringanan).",
                                  "The JKP recomposition is an internal split computed on the wage capped at the "
                                  "JKP cap; the source fund keeps the remainder. The employer still pays the full "
                                  "PP 44/2015 JKK/JKM rate (unless a relief applies)."),
    "assume_recomposition_relief": ("Pertanyaan terbuka: apakah potongan JKK dihitung sebelum atau sesudah "
                                    "rekomposisi 0,14% tidak diatur; di sini rekomposisi tetap dari tarif penuh.",
                                    "Open question: whether the JKK discount comes before or after the 0.14% "
                                    "recomposition is not stated; here the recomposition uses the full rate."),
    "assume_bpu_brackets": ("Tabel penghasilan BPU (Lampiran II PP 44/2015) belum ditemukan; penghasilan yang "
                            "dilaporkan dipakai langsung, minimal batas terendah.",
                            "The BPU income bracket table (Lampiran II PP 44/2015) was not found; the declared "
                            "income is used as is, at least the lowest bracket."),
    "assume_next_working_day": ("Jatuh tempo pada hari libur, Sabtu/Minggu atau cuti bersama digeser ke hari kerja "
                                "berikutnya.",
                                "A due date on a weekend, public holiday or cuti bersama moves to the next "
                                "working day."),
    "assume_due_day_clamped": ("Tanggal {day} tidak ada di bulan itu; dipakai tanggal {last}.",
                               "Day {day} does not exist in that month; day {last} is used."),
    "assume_penalty_period": ("Periode iuran dianggap {period} (bulan sebelum jatuh tempo).",
                              "Contribution month taken as {period} (the month before the due date)."),
    "assume_part_month_started": ("Setiap bulan keterlambatan yang sudah dimulai dihitung satu bulan penuh "
                                  "(asumsi yang dapat diatur).",
                                  "Every started month of delay counts as a whole month (configurable assumption)."),
    "assume_part_month_completed": ("Hanya bulan keterlambatan yang sudah genap dihitung (asumsi yang dapat diatur).",
                                    "Only completed months of delay count (configurable assumption)."),
    "assume_low_confidence": ("Keyakinan rendah: {name} ({reference}) berasal dari ingatan, belum dikonfirmasi "
                              "dari teks peraturan.",
                              "Low confidence: {name} ({reference}) is recalled, not confirmed from the text."),
    "assume_warning_days": ("Masa teguran dihitung dalam hari kerja mulai hari kerja setelah teguran berlaku; "
                            "teguran yang terbit pada hari libur berlaku pada hari kerja berikutnya.",
                            "Warning periods count working days from the working day after the warning takes "
                            "effect; a warning issued on a non-working day takes effect on the next working day."),
    "assume_fine_counted_issued": ("Bulan denda administratif dihitung sejak berakhirnya teguran kedua yang benar-benar "
                                   "diterbitkan (tanggal suratnya ditambah masa teguran; asumsi yang dapat diatur).",
                                   "The fine's months count from the end of the second warning actually issued (its "
                                   "letter date plus the warning period; configurable assumption)."),
    "assume_fine_counted_scheduled": ("Bulan denda administratif dihitung sejak teguran kedua seharusnya berakhir bila "
                                      "diterbitkan tepat waktu (asumsi yang dapat diatur).",
                                      "The fine's months count from when the second warning would have ended had it "
                                      "been issued on time (configurable assumption)."),
    "assume_pp86_scope": ("PP 86/2013 mengatur pelanggaran pendaftaran dan data; praktik juga memakainya untuk "
                          "tunggakan.",
                          "PP 86/2013 targets registration and data failures; practice also uses it for arrears."),
    "assume_months_thresholds": ("Ambang bulan tunggakan adalah pengaturan per kantor, bukan peraturan publik.",
                                 "Months-overdue thresholds are a per-deployment setting, not a public regulation."),
    "assume_letters": ("Jumlah surat = Surat Tagihan yang tidak dibayar dalam satu bulan setelah diterbitkan.",
                       "Letters = Surat Tagihan left unpaid one month after issue."),
    "assume_pupn_collection_effort": ("Dianggap upaya penagihan sendiri (tertulis dan optimalisasi) sudah dilakukan.",
                                      "Own collection efforts (written and optimisation) assumed done."),
    "assume_pupn_aph": ("Syarat 'tidak ditangani APH' hanya dari pemberitaan (C3).",
                        "The 'not handled by law enforcement' criterion comes from news only (C3)."),
    "assume_jkp_participant": ("Syarat peserta JKP (WNI, usia, program yang diikuti) dan alasan PHK dianggap "
                               "terpenuhi.",
                               "JKP participant conditions (citizenship, age, programmes) and the PHK reason are "
                               "assumed met."),
    "assume_jkp_claim_date": ("Tanggal klaim tidak diberikan; klaim harus diajukan paling lambat {deadline}.",
                              "No claim date given; the claim must be made by {deadline}."),
    "assume_jkp_contributions": ("Masa iuran tidak diperiksa: syaratnya {months} bulan dalam {span} bulan sebelum PHK.",
                                 "Contribution record not checked: {months} months within {span} months before PHK "
                                 "are required."),
    "assume_jkp_consecutive": ("Iuran berturut-turut tidak diperiksa: syaratnya {months} bulan.",
                               "Consecutive months not checked: {months} months required."),
    "assume_jkp_consecutive_removed": ("Syarat 6 bulan berturut-turut dianggap dihapus PP 6/2025 (C3, perlu "
                                       "diverifikasi).",
                                       "The 6-consecutive-months condition is taken as removed by PP 6/2025 (C3, "
                                       "verify)."),
    "assume_jkp_employer_pays": ("Pemberi kerja menunggak melebihi batas: pemberi kerja membayar manfaat lebih dulu "
                                 "dan dapat meminta penggantian setelah melunasi tunggakan dan denda.",
                                 "Employer arrears exceed the limit: the employer pays the benefit first and may "
                                 "claim reimbursement after paying arrears and denda."),
    "assume_jkp_employer_owes": ("BPJS Ketenagakerjaan membayar; pemberi kerja wajib melunasi tunggakan.",
                                 "BPJS Ketenagakerjaan pays; the employer must pay off the arrears."),
    "assume_jkm_periodic": ("Santunan berkala ditampilkan sebagai jumlah 24 bulan; cara pembayaran belum "
                            "dikonfirmasi.",
                            "Periodic benefit shown as the 24-month sum; how it is paid is not confirmed."),
    # reasons
    "pupn_not_macet": ("Kolektibilitas {klass}, harus macet.", "Collectibility is {klass}; it must be macet."),
    "pupn_below_minimum": ("Jumlah {amount} di bawah minimum {minimum}.", "Amount {amount} is below the minimum "
                                                                          "{minimum}."),
    "pupn_documents_incomplete": ("Dokumen pendukung belum lengkap.", "Supporting documents are incomplete."),
    "pupn_handled_by_aph": ("Sedang/pernah ditangani aparat penegak hukum (APH).",
                            "Handled by law enforcement (APH)."),
    "jkp_claim_too_late": ("Klaim melewati batas {deadline}; hak atas JKP hilang.",
                           "Claim after the deadline {deadline}; the JKP right is lost."),
    "jkp_too_few_contributions": ("Iuran {months} bulan; minimal {minimum} bulan dalam {span} bulan.",
                                  "{months} months of contributions; at least {minimum} within {span} months."),
    "jkp_too_few_consecutive": ("Iuran berturut-turut {months} bulan; minimal {minimum}.",
                                "{months} consecutive months; at least {minimum}."),
    # sanctions
    "sanction_warning": ("Teguran tertulis {number} ({days} hari kerja)", "Written warning {number} ({days} working days)"),
    "sanction_fine": ("Denda administratif {rate} per bulan, dikenakan paling lambat {days} hari setelah teguran "
                      "kedua berakhir",
                      "Administrative fine {rate} per month, imposed within {days} days after the second warning "
                      "ends"),
    "sanction_warning_early": ("Teguran tertulis {number} bertanggal {date}, padahal teguran sebelumnya baru "
                               "berakhir {previous}.",
                               "Written warning {number} is dated {date} but the previous warning only ends "
                               "{previous}."),
    "sanction_fine_early": ("Denda administratif bertanggal {date}, padahal baru dapat dikenakan mulai {earliest}.",
                            "The administrative fine is dated {date} but may only be imposed from {earliest}."),
    "sanction_tmp2t": ("Jika denda tidak dibayar: tidak mendapat pelayanan publik tertentu (TMP2T)",
                       "If the fine is unpaid: no access to certain public services (TMP2T)"),
    # NIK
    "nik_excel_scientific": ("Nilai berbentuk notasi ilmiah Excel (mis. 6.40207E+15): digit sudah hilang. Ekspor "
                             "ulang kolom NIK sebagai teks.",
                             "Excel scientific notation (e.g. 6.40207E+15): digits are lost. Re-export the NIK "
                             "column as text."),
    "nik_float_suffix": ("Nilai berakhiran .0 (disimpan sebagai angka); digit ke-16 mungkin tidak akurat.",
                         "Value ends in .0 (stored as a number); the 16th digit may be unreliable."),
    "nik_not_digits": ("NIK hanya boleh berisi angka.", "A NIK may contain digits only."),
    "nik_length": ("NIK harus 16 digit, bukan {length}.", "A NIK has 16 digits, not {length}."),
    "nik_excel_lost_digit": ("15 digit: kemungkinan satu digit hilang di spreadsheet.",
                             "15 digits: a digit was probably lost in a spreadsheet."),
    "nik_month": ("Bulan lahir {month} tidak sah.", "Birth month {month} is invalid."),
    "nik_day": ("Tanggal lahir {day} tidak sah (1–31, atau 41–71 untuk perempuan).",
                "Birth day {day} is invalid (1–31, or 41–71 for women)."),
    "nik_invalid_date": ("Tanggal lahir {date} tidak ada di kalender.", "Birth date {date} does not exist."),
    "nik_future_date": ("Tanggal lahir {date} berada di masa depan.", "Birth date {date} is in the future."),
    "nik_sequence_zero": ("Nomor urut 0000 tidak sah.", "Sequence number 0000 is invalid."),
    "nik_excel_rounded": ("Digit akhir nol: kemungkinan dibulatkan oleh Excel (15 digit signifikan).",
                          "Trailing zeros: probably rounded by Excel (15 significant digits)."),
    "nik_trailing_zeros": ("NIK berakhiran 00: periksa apakah digit terakhir terpotong spreadsheet.",
                           "NIK ends in 00: check that a spreadsheet did not cut the last digits."),
    "nik_regency_zero": ("Kode kabupaten/kota 00 tidak sah.", "Regency/city code 00 is invalid."),
    "nik_district_zero": ("Kode kecamatan 00 tidak sah.", "District code 00 is invalid."),
    "nik_unknown_province": ("Kode provinsi {code} tidak ada dalam daftar saat ini (bisa kode lama).",
                             "Province code {code} is not in the current list (may be an old code)."),
    "nik_unknown_regency": ("Kode kabupaten/kota {code} tidak dikenal (bisa kode sebelum pemekaran).",
                            "Regency/city code {code} is unknown (may be a pre-split code)."),
    "nik_unknown_district": ("Kode kecamatan {code} tidak dikenal (bisa kode sebelum pemekaran).",
                             "District code {code} is unknown (may be a pre-split code)."),
    # ------------------------------------------------------------------ benefits (issue 14)
    "error_disability_percent": ("Persentase cacat harus lebih dari 0 dan kurang dari 1 (mis. 0.1 = 10%), bukan "
                                 "{value!r}; cacat total tetap memakai hasil total_disability.",
                                 "The disability percentage must be above 0 and below 1 (e.g. 0.1 = 10%), not "
                                 "{value!r}; total permanent disability is the outcome total_disability."),
    "error_paid_before_complete": ("Tanggal bayar tidak boleh sebelum persyaratan lengkap.",
                                   "The payment date must not be before the requirements were complete."),
    "step_benefit_total": ("Jumlah manfaat uang tunai", "Total cash benefit"),
    "step_jkk_accident": ("Kecelakaan kerja {on} ({outcome}); upah sebulan yang dilaporkan",
                          "Work accident on {on} ({outcome}); monthly wage as reported"),
    "jkk_outcome_injury": ("perawatan dan STMB", "care and temporary incapacity"),
    "jkk_outcome_partial_disability": ("cacat sebagian tetap", "partial permanent disability"),
    "jkk_outcome_total_disability": ("cacat total tetap", "total permanent disability"),
    "jkk_outcome_death": ("meninggal dunia", "death"),
    "jkk_line_medical_care": ("Perawatan dan pengobatan {extent}, tanpa batas biaya (dibayar ke fasilitas kesehatan)",
                              "Medical care as medically indicated ({extent}), without a ceiling (paid to the "
                              "provider)"),
    "jkk_line_stmb_full": ("STMB {months} bulan pertama: {wage} × {rate} × {months}",
                           "Temporary incapacity, first {months} months: {wage} × {rate} × {months}"),
    "jkk_line_stmb_after": ("STMB {months} bulan setelah bulan ke-{after} sampai sembuh: {wage} × {rate} × {months}",
                            "Temporary incapacity, {months} months after month {after} until recovery: "
                            "{wage} × {rate} × {months}"),
    "jkk_line_partial_disability": ("Cacat sebagian tetap: {pct} × {months} × {wage}",
                                    "Partial permanent disability: {pct} × {months} × {wage}"),
    "jkk_line_total_disability": ("Cacat total tetap: {multiple} × {wage}",
                                  "Total permanent disability: {multiple} × {wage}"),
    "jkk_line_home_care": ("Perawatan di rumah (homecare), paling banyak", "Home care, at most"),
    "jkk_line_death": ("Santunan kematian karena kecelakaan kerja: {multiple} × {wage}",
                       "Death from a work accident: {multiple} × {wage}"),
    "jkk_line_funeral": ("Biaya pemakaman", "Funeral costs"),
    "jkk_line_periodic": ("Santunan berkala {months} × {monthly}", "Periodic benefit {months} × {monthly}"),
    "jkk_line_scholarship": ("Beasiswa pendidikan untuk paling banyak {children} anak, paling banyak",
                             "Scholarship for up to {children} children, at most"),
    "step_jkk_days_late": ("Hari keterlambatan setelah batas {deadline} sampai dibayar {paid}",
                           "Days late after the deadline {deadline} until paid on {paid}"),
    "step_jkk_late_amount": ("Kompensasi keterlambatan: {benefit} × {rate} × {days} hari",
                             "Late-payment compensation: {benefit} × {rate} × {days} days"),
    "assume_jkk_accident": ("Kejadian dianggap kecelakaan kerja yang dilaporkan dan diterima BPJS "
                            "Ketenagakerjaan.",
                            "The event is taken as a work accident reported to and accepted by BPJS "
                            "Ketenagakerjaan."),
    "assume_jkk_arrears_unknown": ("Pemberi kerja dianggap tidak menunggak iuran (bila menunggak, pemberi kerja "
                                   "membayar manfaat lebih dulu — R).",
                                   "The employer is taken as not in arrears (if it is, the employer pays the "
                                   "benefit first — R)."),
    "assume_jkk_employer_pays": ("Pemberi kerja menunggak saat kecelakaan: pemberi kerja membayar manfaat lebih dulu "
                                 "(asumsi terbuka, R).",
                                 "The employer was in arrears at the accident: it pays the benefit first (open "
                                 "assumption, R)."),
    "step_jkk_payer": ("Yang membayar manfaat lebih dulu", "Who pays the benefit first"),
    "assume_jkk_stmb_months": ("STMB dihitung dalam bulan penuh dari upah bulanan; pembayaran harian tidak dimodelkan.",
                               "Temporary incapacity is counted in whole months of the monthly wage; daily "
                               "payment is not modelled."),
    "assume_jkk_partial_formula": ("Asumsi terbuka: cacat sebagian = persentase tabel cacat × 80 × upah (rumus yang "
                                   "umum dipublikasikan; tabel belum ditemukan).",
                                   "Open assumption: partial disability = table percentage × 80 × wage (the "
                                   "commonly published formula; the table was not found)."),
    "assume_jkk_scholarship": ("Beasiswa adalah batas atas untuk paling banyak dua anak, dibayar per jenjang "
                               "pendidikan; tidak dijumlahkan.",
                               "The scholarship is a ceiling for up to two children, paid per school level; not "
                               "added to the total."),
    "assume_jkk_late_days": ("Hari keterlambatan dihitung hari kalender setelah hari kerja ke-7; tidak ada batas "
                             "atas yang ditemukan.",
                             "Days late are calendar days after the 7th working day; no upper limit was found."),
    "jkm_line_periodic": ("Santunan berkala {months} × {monthly}", "Periodic benefit {months} × {monthly}"),
    "jkm_line_scholarship": ("Beasiswa pendidikan untuk paling banyak {children} anak, paling banyak",
                             "Scholarship for up to {children} children, at most"),
    "jkm_scholarship_membership": ("Masa kepesertaan {months} bulan; beasiswa memerlukan minimal {minimum} bulan.",
                                   "{months} months of membership; the scholarship needs at least {minimum}."),
    "jkm_scholarship_no_children": ("Tidak ada anak penerima beasiswa.", "No child to receive the scholarship."),
    "assume_jkm_scholarship_membership": ("Masa kepesertaan tidak diberikan: beasiswa memerlukan minimal {months} "
                                          "bulan (asumsi terbuka, R).",
                                          "Membership not given: the scholarship needs at least {months} months "
                                          "(open assumption, R)."),
    "error_yield_rate": ("Hasil pengembangan tahun {year} harus antara -1 dan 1 (mis. 0.0525), bukan {value!r}.",
                         "The yield for {year} must be between -1 and 1 (e.g. 0.0525), not {value!r}."),
    "error_claim_before_event": ("Tanggal klaim tidak boleh sebelum tanggal peristiwa.",
                                 "The claim date must not be before the event."),
    "step_fund_year": ("Tahun {year}: saldo awal {opening} + iuran {paid}; hasil pengembangan {rate} = {earned}",
                       "Year {year}: opening {opening} + contributions {paid}; yield {rate} = {earned}"),
    "step_fund_balance": ("Saldo {programme}", "{programme} balance"),
    "assume_fund_yield_method": ("Hasil pengembangan adalah masukan (ditetapkan BPJS Ketenagakerjaan tiap tahun): "
                                 "saldo awal memperoleh tarif setahun penuh, iuran suatu bulan memperoleh sisa bulan "
                                 "tahun itu; dibulatkan sekali per tahun. Cara BPJS membukukannya belum "
                                 "dikonfirmasi.",
                                 "Yields are input (declared by BPJS Ketenagakerjaan each year): the opening balance "
                                 "earns the full year's rate, a month's contribution the months left in that year; "
                                 "rounded once a year. How BPJS books them is not confirmed."),
    "assume_fund_yield_missing": ("Tidak ada hasil pengembangan untuk tahun {years}; tidak diperhitungkan.",
                                  "No yield given for {years}; none credited."),
    "step_jht_event": ("Peristiwa: {event} pada {on}", "Event: {event} on {on}"),
    "jht_event_retirement": ("mencapai usia pensiun", "reaching retirement age"),
    "jht_event_resignation": ("mengundurkan diri", "resignation"),
    "jht_event_dismissal": ("PHK", "dismissal (PHK)"),
    "jht_event_pkwt_end": ("berakhirnya PKWT", "end of a fixed-term contract (PKWT)"),
    "jht_event_bpu_stopped": ("peserta BPU berhenti bekerja", "BPU participant stops working"),
    "jht_event_leaving_indonesia": ("meninggalkan Indonesia untuk selamanya", "leaving Indonesia for good"),
    "jht_event_total_permanent_disability": ("cacat total tetap", "total permanent disability"),
    "jht_event_death": ("meninggal dunia", "death"),
    "jht_event_partial_housing": ("pengambilan sebagian untuk perumahan", "partial withdrawal for housing"),
    "jht_event_partial_other": ("pengambilan sebagian untuk persiapan hari tua lainnya",
                                "partial withdrawal for other retirement needs"),
    "jht_under_retirement_age": ("Belum berusia {age} tahun; dapat dibayar mulai {date}.",
                                 "Not yet {age}; payable from {date}."),
    "jht_event_not_allowed": ("{event} tidak membuat JHT dapat dibayar pada tanggal itu.",
                              "{event} does not make JHT payable on that date."),
    "jht_membership_too_short": ("Masa kepesertaan {months} bulan; minimal {minimum} bulan (tercapai {date}).",
                                 "{months} months of membership; at least {minimum} (reached on {date})."),
    "jht_partial_already_taken": ("Pengambilan sebagian sudah pernah dilakukan; hanya {times} kali.",
                                  "A partial withdrawal was already made; only {times} allowed."),
    "jht_claim_too_early": ("Klaim sebelum JHT dapat dibayar; paling cepat {date}.",
                            "Claim before JHT is payable; at the earliest {date}."),
    "jht_line_full": ("Saldo JHT {balance} × {share}", "JHT balance {balance} × {share}"),
    "jht_line_partial": ("Pengambilan sebagian paling banyak: saldo {balance} × {share}",
                         "Partial withdrawal at most: balance {balance} × {share}"),
    "assume_jht_no_waiting": ("Peraturan tidak menyebut masa tunggu untuk peristiwa ini; dianggap tanpa masa tunggu.",
                              "No waiting period is stated for this event; taken as none."),
    "assume_jht_claim_complete": ("Dokumen klaim dianggap lengkap; klaim boleh diajukan walau pemberi kerja "
                                  "menunggak (BPJS menagih tunggakannya).",
                                  "The claim documents are taken as complete; a claim may be made even if the "
                                  "employer is in arrears (BPJS collects them)."),
    "step_jp_pension_age": ("Usia pensiun JP {age} tahun tercapai pada", "JP pension age {age} reached on"),
    "jp_under_pension_age": ("Belum mencapai usia pensiun {age}; manfaat mulai {date}.",
                             "Pension age {age} not reached; benefit from {date}."),
    "step_jp_average": ("Rata-rata upah tertimbang (terindeks) {months} bulan, tiap bulan dibatasi batas upah JP",
                        "Average indexed wage of {months} months, each month capped at the JP wage cap"),
    "step_jp_average_given": ("Rata-rata upah tertimbang (terindeks), sebagaimana diberikan",
                              "Average indexed wage, as given"),
    "jp_line_formula": ("Rumus: {rate} × {months}/12 tahun × {wage}", "Formula: {rate} × {months}/12 years × {wage}"),
    "jp_line_monthly": ("Manfaat pensiun hari tua per bulan", "Monthly old-age pension"),
    "jp_line_lump_sum": ("Manfaat sekaligus: akumulasi iuran ditambah hasil pengembangan",
                         "Lump sum: contributions plus their yield"),
    "jp_lump_sum_reason": ("Masa iur {months} bulan, kurang dari {minimum}: dibayar sekaligus, bukan bulanan.",
                           "{months} contribution months, fewer than {minimum}: paid as a lump sum, not monthly."),
    "jp_minimum": ("minimum", "minimum"),
    "jp_maximum": ("maksimum", "maximum"),
    "step_jp_total_monthly": ("Manfaat pensiun per bulan", "Monthly pension"),
    "step_jp_total_lump_sum": ("Manfaat sekaligus", "Lump sum"),
    "assume_jp_no_bound": ("Manfaat {bound} JP tahun {year} tidak ditemukan; tidak diterapkan (asumsi terbuka).",
                           "The JP {bound} benefit for {year} was not found; not applied (open assumption)."),
    "assume_jp_wage_capped": ("Upah tiap bulan dibatasi batas upah JP bulan itu; rata-rata dibulatkan ke rupiah.",
                              "Each month's wage is capped at that month's JP cap; the average is rounded to "
                              "rupiah."),
    "assume_jp_index_missing": ("Faktor indeksasi tahun {years} tidak diberikan; dipakai 1.",
                                "No indexation factor for {years}; 1 used."),
    "assume_jp_indexation": ("Indeksasi manfaat yang sedang dibayar dan manfaat ahli waris tidak dihitung di sini.",
                             "Indexation of a pension in payment and survivors' benefits are not computed here."),
    "assume_jp_lump_sum_unknown": ("Saldo iuran dan hasil pengembangan tidak diberikan; jumlah sekaligus tidak "
                                   "dihitung.",
                                   "No balance or contribution history given; the lump sum is not computed."),
    "error_jkp_record_twice": ("Berikan bulan iuran yang dibayar ATAU jumlah bulan iuran, tidak keduanya.",
                               "Give the months paid OR the month counts, not both."),
    "step_jkp_record": ("Riwayat iuran {first} s.d. {last}: {months} bulan dibayar, {run} bulan berturut-turut "
                        "sebelum PHK",
                        "Contribution record {first} to {last}: {months} months paid, {run} consecutive before PHK"),
    "jkp_excluded_reason": ("Berakhirnya hubungan kerja karena {reason} tidak memberi hak JKP.",
                            "The end of employment by {reason} gives no JKP."),
    "jkp_reason_resignation": ("pengunduran diri", "resignation"),
    "jkp_reason_total_permanent_disability": ("cacat total tetap", "total permanent disability"),
    "jkp_reason_retirement": ("pensiun", "retirement"),
    "jkp_reason_death": ("meninggal dunia", "death"),
    "jkp_reason_pkwt_end": ("berakhirnya PKWT", "end of a fixed-term contract (PKWT)"),
    "jkp_service_labour_market_information": ("Akses informasi pasar kerja", "Labour-market information"),
    "jkp_service_job_counselling": ("Bimbingan jabatan / konseling kerja (tindak lanjut Permenaker 2/2025, R)",
                                    "Job counselling (follow-up per Permenaker 2/2025, R)"),
    "jkp_service_job_training": ("Pelatihan kerja, paling banyak", "Job training, at most"),
    "assume_jkp_participant_only": ("Syarat peserta JKP (WNI, usia, program yang diikuti) dianggap terpenuhi.",
                                    "JKP participant conditions (citizenship, age, programmes) are assumed met."),
    "assume_jkp_excluded_unconfirmed": ("Pasal 20 diubah PP 6/2025 (syarat pengunduran diri); isi barunya belum "
                                        "dikonfirmasi, daftar lama dipakai (C3).",
                                        "Pasal 20 was amended by PP 6/2025 (resignation conditions); the new text "
                                        "is unconfirmed, the old list is used (C3)."),
    "assume_jkp_window": ("Rentang iuran dihitung mundur dari bulan PHK (termasuk bulan PHK); bulan berturut-turut "
                          "dihitung dari bulan PHK, atau bulan sebelumnya bila bulan PHK belum dibayar.",
                          "The window runs back from the PHK month (inclusive); consecutive months count back from "
                          "the PHK month, or the month before when the PHK month is unpaid."),
    "assume_jkp_consecutive_override": ("Syarat iuran berturut-turut ditetapkan untuk perhitungan ini: {months} bulan "
                                        "(0 = tanpa syarat), bukan parameter.",
                                        "The consecutive-months condition is set for this computation: {months} "
                                        "months (0 = none), not the parameter."),
    "error_period_range": ("Rentang periode terbalik: {value!r}.", "Period range runs backwards: {value!r}."),
    "error_required": ("Perhitungan ini memerlukan {what}.", "This computation needs {what}."),
    "ref_configuration": ("Pengaturan perhitungan ini", "Setting of this computation"),
    "jkp_not_citizen": ("Peserta JKP harus WNI.", "JKP participants must be Indonesian citizens."),
    "jkp_registered_too_old": ("Terdaftar pada usia {age}; peserta JKP harus belum berusia {maximum} saat terdaftar.",
                               "Registered at {age}; JKP participants must be under {maximum} when registered."),
    "assume_jkp_programmes": ("Program yang diikuti peserta (syarat Pasal 4) dianggap terpenuhi.",
                              "The programmes the participant follows (Pasal 4) are assumed met."),
    "assume_jkp_programmes_and_reason": ("Program yang diikuti peserta (syarat Pasal 4) dan alasan PHK dianggap "
                                         "terpenuhi.",
                                         "The programmes the participant follows (Pasal 4) and the PHK reason are "
                                         "assumed met."),
}

LABELS: dict[str, tuple[str, str]] = {
    **{f"pu/jkk/rate/group_{g}": (f"Tarif JKK kelompok risiko {g}", f"JKK rate, risk group {g}") for g in range(1, 6)},
    "pu/jkm/rate": ("Tarif JKM", "JKM rate"),
    "pu/jht/rate_employer": ("Tarif JHT pemberi kerja", "JHT rate, employer"),
    "pu/jht/rate_worker": ("Tarif JHT pekerja", "JHT rate, worker"),
    "pu/jp/rate_employer": ("Tarif JP pemberi kerja", "JP rate, employer"),
    "pu/jp/rate_worker": ("Tarif JP pekerja", "JP rate, worker"),
    "pu/jp/wage_cap": ("Batas upah tertinggi JP", "JP wage cap"),
    "pu/jkp/government_rate": ("Iuran JKP dibayar Pemerintah Pusat", "JKP contribution paid by central government"),
    "pu/jkp/recomposition_from_jkk": ("Rekomposisi JKK ke JKP", "Recomposition JKK → JKP"),
    "pu/jkp/recomposition_from_jkm": ("Rekomposisi JKM ke JKP", "Recomposition JKM → JKP"),
    "pu/jkp/wage_cap": ("Batas upah JKP", "JKP wage cap"),
    "relief/padat_karya/jkk_discount": ("Potongan JKK padat karya", "Padat-karya JKK discount"),
    "relief/padat_karya/min_workers": ("Minimal pekerja untuk keringanan padat karya", "Padat-karya minimum workers"),
    "relief/padat_karya/industries": ("Industri padat karya yang berhak", "Eligible padat-karya industries"),
    "relief/covid/jkk_discount": ("Keringanan JKK masa COVID-19", "COVID-19 JKK relief"),
    "relief/covid/jkm_discount": ("Keringanan JKM masa COVID-19", "COVID-19 JKM relief"),
    "relief/covid/jp_deferral": ("Penundaan iuran JP masa COVID-19", "COVID-19 JP deferral"),
    "relief/bpu/transport_discount": ("Potongan JKK+JKM BPU sektor transportasi", "BPU transport JKK+JKM discount"),
    "relief/bpu/other_discount": ("Potongan JKK+JKM BPU sektor lain", "BPU other-sector JKK+JKM discount"),
    "relief/bpu/excluded_funding": ("Sumber dana yang dikecualikan dari potongan", "Funding excluded from discount"),
    "bpu/jkk/rate": ("Tarif JKK BPU", "BPU JKK rate"),
    "bpu/jkk/min_income": ("Penghasilan terendah BPU", "BPU lowest income bracket"),
    "bpu/jkm/amount": ("Iuran JKM BPU", "BPU JKM amount"),
    "bpu/jht/rate": ("Tarif JHT BPU", "BPU JHT rate"),
    "due/pu/day_of_following_month": ("Tanggal jatuh tempo PU (bulan berikutnya)", "PU due day (following month)"),
    "due/bpu/day_of_covered_month": ("Tanggal jatuh tempo BPU (bulan berjalan)", "BPU due day (covered month)"),
    "penalties/late/jkk": ("Denda keterlambatan JKK per bulan", "JKK late denda per month"),
    "penalties/late/jkm": ("Denda keterlambatan JKM per bulan", "JKM late denda per month"),
    "penalties/late/jht": ("Denda keterlambatan JHT per bulan", "JHT late denda per month"),
    "penalties/late/jp": ("Denda keterlambatan JP per bulan", "JP late denda per month"),
    "penalties/part_month_rule": ("Cara menghitung bagian bulan", "Part-month rule"),
    "sanctions/pp86/max_warnings": ("Jumlah teguran tertulis", "Number of written warnings"),
    "sanctions/pp86/warning_working_days": ("Lama teguran (hari kerja)", "Warning length (working days)"),
    "sanctions/pp86/fine_rate_per_month": ("Denda administratif per bulan", "Administrative fine per month"),
    "sanctions/pp86/fine_imposition_days": ("Batas pengenaan denda setelah teguran kedua",
                                            "Fine deadline after the second warning"),
    "sanctions/pp86/fine_counted_from": ("Awal penghitungan bulan denda administratif",
                                         "Start of the administrative fine's months"),
    "collectibility/default_scheme": ("Skema kolektibilitas", "Collectibility scheme"),
    "collectibility/months/lancar_max_months": ("Batas bulan lancar", "Lancar up to months"),
    "collectibility/months/kurang_lancar_max_months": ("Batas bulan kurang lancar", "Kurang lancar up to months"),
    "collectibility/months/diragukan_max_months": ("Batas bulan diragukan", "Diragukan up to months"),
    "collectibility/letters/kurang_lancar_letters": ("Surat Tagihan untuk kurang lancar", "Letters for kurang lancar"),
    "collectibility/letters/diragukan_letters": ("Surat Tagihan untuk diragukan", "Letters for diragukan"),
    "collectibility/letters/macet_letters": ("Surat Tagihan untuk macet", "Letters for macet"),
    "collectibility/letters/grace_months": ("Tenggang setelah Surat Tagihan (bulan)", "Grace after a letter (months)"),
    "pupn/min_amount": ("Piutang minimal untuk PUPN", "Minimum receivable for PUPN"),
    "rentan/age_min": ("Usia minimal pekerja rentan", "Youngest eligible vulnerable worker"),
    "rentan/age_max": ("Usia maksimal pekerja rentan", "Oldest eligible vulnerable worker"),
    "coverage/active_definition": ("Definisi peserta aktif (cakupan)", "Definition of an active participant (coverage)"),
    "coverage/exclusions": ("Pengurang potensi peserta (cakupan)", "Groups subtracted from the coverage potential"),
    "coverage/jakon_rate": ("Tarif iuran JKK+JKM jasa konstruksi per nilai kontrak",
                            "JKK+JKM contribution rate of construction projects by contract value"),
    "rentan/declared_income": ("Penghasilan yang dilaporkan (program APBD)", "Declared income (APBD programme)"),
    "pupn/required_collectibility": ("Kolektibilitas yang disyaratkan", "Required collectibility"),
    "pupn/requires_documents": ("Dokumen pendukung memadai", "Adequate supporting documents"),
    "pupn/excludes_aph": ("Tidak ditangani APH", "Not handled by law enforcement"),
    "benefits/jkp/cash_schedule": ("Jadwal manfaat uang tunai JKP", "JKP cash benefit schedule"),
    "benefits/jkp/wage_cap": ("Batas upah manfaat JKP", "JKP benefit wage cap"),
    "benefits/jkp/claim_window_months": ("Batas waktu klaim JKP", "JKP claim window"),
    "benefits/jkp/min_contribution_months": ("Minimal bulan iuran JKP", "JKP minimum contribution months"),
    "benefits/jkp/contribution_window_months": ("Rentang penghitungan iuran JKP", "JKP contribution window"),
    "benefits/jkp/min_consecutive_months": ("Minimal iuran berturut-turut JKP", "JKP minimum consecutive months"),
    "benefits/jkp/arrears_bpjs_pays_max_months": ("Tunggakan maksimal yang tetap dibayar BPJS",
                                                  "Arrears up to which BPJS still pays"),
    "benefits/jkp/closed_company_bpjs_pays_max_months": ("Tunggakan maksimal perusahaan pailit/tutup",
                                                         "Arrears limit for bankrupt/closed companies"),
    "benefits/jkm/lump_sum": ("Santunan sekaligus JKM", "JKM lump sum"),
    "benefits/jkm/periodic_monthly": ("Santunan berkala JKM per bulan", "JKM periodic benefit per month"),
    "benefits/jkm/periodic_months": ("Jumlah bulan santunan berkala", "Number of periodic months"),
    "benefits/jkm/funeral": ("Biaya pemakaman JKM", "JKM funeral costs"),
    "benefits/jkm/scholarship_max": ("Beasiswa maksimal JKM", "JKM scholarship maximum"),
    "identifiers/nik/female_day_offset": ("Tambahan tanggal lahir perempuan pada NIK", "NIK women's day offset"),
    "identifiers/nik/province_codes": ("Kode provinsi", "Province codes"),
    "benefits/jkk/medical_care": ("Perawatan medis JKK", "JKK medical care"),
    "benefits/jkk/stmb_full_months": ("Bulan STMB dengan upah penuh", "STMB months at the full rate"),
    "benefits/jkk/stmb_full_rate": ("STMB bulan-bulan pertama", "STMB rate, first months"),
    "benefits/jkk/stmb_after_rate": ("STMB sesudahnya sampai sembuh", "STMB rate afterwards until recovery"),
    "benefits/jkk/death_wage_multiple": ("Kelipatan upah santunan kematian JKK", "JKK death: wage multiple"),
    "benefits/jkk/total_disability_wage_multiple": ("Kelipatan upah cacat total tetap", "Total disability: wage multiple"),
    "benefits/jkk/partial_disability_wage_months": ("Bulan upah untuk cacat sebagian", "Partial disability: wage months"),
    "benefits/jkk/funeral": ("Biaya pemakaman JKK", "JKK funeral costs"),
    "benefits/jkk/periodic_monthly": ("Santunan berkala JKK per bulan", "JKK periodic benefit per month"),
    "benefits/jkk/periodic_months": ("Jumlah bulan santunan berkala JKK", "JKK number of periodic months"),
    "benefits/jkk/home_care_max": ("Homecare JKK maksimal", "JKK home care maximum"),
    "benefits/jkk/scholarship_max": ("Beasiswa maksimal JKK", "JKK scholarship maximum"),
    "benefits/jkk/scholarship_max_children": ("Jumlah anak penerima beasiswa JKK", "JKK scholarship children"),
    "benefits/jkk/payment_working_days": ("Batas bayar manfaat JKK (hari kerja)", "JKK payment deadline (working days)"),
    "benefits/jkk/late_payment_rate_per_day": ("Kompensasi keterlambatan bayar JKK per hari",
                                               "JKK late-payment compensation per day"),
    "benefits/jkm/scholarship_min_membership_months": ("Masa kepesertaan minimal untuk beasiswa JKM",
                                                       "JKM scholarship minimum membership"),
    "benefits/jkm/scholarship_max_children": ("Jumlah anak penerima beasiswa JKM", "JKM scholarship children"),
    "benefits/jht/retirement_age": ("Usia pensiun JHT", "JHT retirement age"),
    "benefits/jht/partial_min_membership_months": ("Masa kepesertaan minimal pengambilan sebagian JHT",
                                                   "JHT partial withdrawal minimum membership"),
    "benefits/jht/partial_housing_rate": ("Pengambilan sebagian JHT untuk perumahan",
                                          "JHT partial withdrawal for housing"),
    "benefits/jht/partial_other_rate": ("Pengambilan sebagian JHT untuk keperluan lain",
                                        "JHT partial withdrawal for other needs"),
    "benefits/jht/partial_max_times": ("Berapa kali JHT dapat diambil sebagian", "JHT partial withdrawals allowed"),
    "benefits/jht/early_events": ("Peristiwa yang membuat JHT dapat dibayar sebelum usia pensiun",
                                  "Events that make JHT payable before retirement age"),
    "benefits/jht/waiting_events": ("Peristiwa dengan masa tunggu JHT", "JHT events with a waiting period"),
    "benefits/jht/waiting_period_months": ("Masa tunggu JHT", "JHT waiting period"),
    "benefits/jht/payment_working_days": ("Batas bayar klaim JHT (hari kerja)", "JHT payment deadline (working days)"),
    "benefits/jp/pension_age": ("Usia pensiun JP", "JP pension age"),
    "benefits/jp/accrual_rate": ("Faktor manfaat JP per tahun iuran", "JP accrual per year of membership"),
    "benefits/jp/min_contribution_months": ("Masa iur minimal JP untuk pensiun bulanan",
                                            "JP minimum contribution months for a monthly pension"),
    "benefits/jp/min_benefit": ("Manfaat pensiun bulanan minimum JP", "JP minimum monthly benefit"),
    "benefits/jp/max_benefit": ("Manfaat pensiun bulanan maksimum JP", "JP maximum monthly benefit"),
    "benefits/jkp/excluded_reasons": ("Alasan berakhirnya hubungan kerja yang dikecualikan dari JKP",
                                      "Reasons for the end of employment excluded from JKP"),
    "benefits/jkp/services": ("Manfaat JKP selain uang tunai", "JKP non-cash benefits"),
    "benefits/jkp/training_value_max": ("Nilai pelatihan kerja JKP maksimal", "JKP job training maximum"),
    "benefits/jht/immediate_events": ("Peristiwa yang membuat JHT langsung dapat dibayar",
                                      "Events that make JHT payable at once"),
    "benefits/jkk/employer_in_arrears_pays": ("Pemberi kerja yang menunggak membayar JKK lebih dulu",
                                              "Employer in arrears pays JKK first"),
    "benefits/jkp/max_registration_age": ("Batas usia saat terdaftar sebagai peserta JKP",
                                          "JKP: age limit at registration"),
}


MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def format_date(day: date, lang: str = "id") -> str:
    """``12 Juni 2025`` / ``12 June 2025``."""
    return f"{day.day} {MONTHS['en' if lang == 'en' else 'id'][day.month - 1]} {day.year}"


def _index(lang: str) -> int:
    return 1 if lang == "en" else 0


def text(key: str, lang: str = "id", **params: Any) -> str:
    """The message ``key`` in ``lang`` (``id`` default, ``en``), formatted with ``params``."""
    return MESSAGES[key][_index(lang)].format(**params)


def label(name: str, lang: str = "id") -> str:
    """A human name for parameter ``name``."""
    if name.startswith("calendar/cuti_bersama/y"):
        year = name.rsplit("y", 1)[1]
        return f"Cuti bersama {year}" if lang != "en" else f"Cuti bersama (joint leave) {year}"
    return LABELS[name][_index(lang)]
