"""One ledger payment per kode iuran: ``ContributionCode.payment`` replaces ``PaymentBatch.payment``.

Existing batches: a reconciled batch's one payment is linked to each of its codes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('receivables', '0006_rentan_payer_pemda'),
        ('rentan', '0005_verification_decision'),
    ]

    operations = [
        migrations.AddField(
            model_name='contributioncode',
            name='payment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='receivables.payment', verbose_name='pembayaran di buku piutang'),
        ),
        migrations.RunSQL(
            "UPDATE rentan_contributioncode SET payment_id = (SELECT b.payment_id FROM rentan_paymentbatch b "
            "WHERE b.id = rentan_contributioncode.batch_id) "
            "WHERE batch_id IN (SELECT id FROM rentan_paymentbatch WHERE payment_id IS NOT NULL)",
            reverse_sql="UPDATE rentan_paymentbatch SET payment_id = (SELECT MIN(c.payment_id) FROM "
                        "rentan_contributioncode c WHERE c.batch_id = rentan_paymentbatch.id)",
        ),
        migrations.RemoveField(
            model_name='paymentbatch',
            name='payment',
        ),
    ]
