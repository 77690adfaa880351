import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { ImportList } from './import-list.tsx';
import { PaymentList } from './payment-list.tsx';
import { RecordPaymentForm } from './record-payment-form.tsx';
import { ReviewQueue } from './review-queue.tsx';
import { StatementUpload } from './statement-upload.tsx';

export function PaymentsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('payments.title')} />
      <StatementUpload />
      <ReviewQueue />
      <RecordPaymentForm />
      <PaymentList />
      <ImportList />
    </>
  );
}
