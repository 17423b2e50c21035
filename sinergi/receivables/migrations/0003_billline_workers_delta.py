from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("receivables", "0002_initial")]

    operations = [
        migrations.AlterField(
            model_name="billline",
            name="workers",
            field=models.IntegerField(default=0, verbose_name="jumlah tenaga kerja"),
        ),
    ]
