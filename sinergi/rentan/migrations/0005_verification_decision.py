"""Verification history: every OPD decision a row ever had, for maker-checker over the whole history.

Existing rows: each row's current decision becomes the first entry of its history, so maker-checker holds
for rows decided before this migration too."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rentan', '0004_candidate_import_write_path'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='VerificationDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(choices=[('verified', 'Terverifikasi'), ('needs_correction', 'Perlu perbaikan'), ('not_eligible', 'Tidak layak')], max_length=16, verbose_name='keputusan')),
                ('reason', models.TextField(blank=True, verbose_name='alasan')),
                ('decided_at', models.DateTimeField(verbose_name='waktu keputusan')),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='rentan.candidate')),
                ('decided_by', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh')),
            ],
            options={
                'verbose_name': 'keputusan verifikasi',
                'verbose_name_plural': 'riwayat keputusan verifikasi',
                'ordering': ['-decided_at', '-pk'],
                'indexes': [models.Index(fields=['decided_by', 'candidate'], name='rentan_decision_by_idx')],
            },
        ),
        migrations.RunSQL(
            "INSERT INTO rentan_verificationdecision (candidate_id, decision, reason, decided_by_id, decided_at) "
            "SELECT id, verification, verification_reason, verified_by_id, COALESCE(verified_at, CURRENT_TIMESTAMP) "
            "FROM rentan_candidate WHERE verified_by_id IS NOT NULL "
            "AND verification IN ('verified', 'needs_correction', 'not_eligible')",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
