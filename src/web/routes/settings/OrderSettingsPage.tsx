import { NumberInput, Select, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { currencyCodes } from '../../../domain/money';
import { orderWords, type OrderSettings, type OrderWord } from '../../../domain/orderSettings';
import { useOrderSettings, useUpdateOrderSettings } from '../../api/orders';
import { humanize } from '../../components/activity/labels';
import { showApiError } from '../../components/formErrors';
import { SaveRow, SettingsFrame } from './SettingsForm';

/** What the workspace calls an order, its currency and default credit terms. */
export function OrderSettingsPage() {
  const settings = useOrderSettings();
  return (
    <SettingsFrame title="Order settings" description="The word used everywhere for an order, and the money rules." query={settings}>
      {(data, admin) => <OrderForm data={data} admin={admin} />}
    </SettingsFrame>
  );
}

function OrderForm({ data, admin }: { data: OrderSettings; admin: boolean }) {
  const save = useUpdateOrderSettings();
  const form = useForm({ initialValues: { word: data.word as string, currency: data.currency, defaultCreditTermsDays: data.defaultCreditTermsDays as number | string } });
  const submit = form.onSubmit((v) =>
    save.mutate(
      { word: v.word as OrderWord, currency: v.currency, defaultCreditTermsDays: Number(v.defaultCreditTermsDays) },
      {
        onSuccess: () => {
          form.resetDirty();
          notifications.show({ color: 'teal', message: 'Order settings saved.' });
        },
        onError: (e) => showApiError(e, form, 'Could not save the settings'),
      },
    ),
  );
  return (
    <form onSubmit={submit}>
      <Stack>
        <Select
          label="We call them"
          description="Used on every page: tabs, buttons, the timeline and the “+ New” menu."
          data={orderWords.map((w) => ({ value: w, label: `${humanize(w)}s` }))}
          allowDeselect={false}
          disabled={!admin}
          {...form.getInputProps('word')}
        />
        <Select
          label="Workspace currency"
          description="Client totals and balances are shown in it; amounts in other currencies are kept apart."
          data={currencyCodes}
          searchable
          allowDeselect={false}
          disabled={!admin}
          {...form.getInputProps('currency')}
        />
        <NumberInput label="Invoices are due after (days)" description="Default credit terms when a client has none of its own." min={0} max={365} allowDecimal={false} disabled={!admin} {...form.getInputProps('defaultCreditTermsDays')} />
        <SaveRow admin={admin} loading={save.isPending} dirty={form.isDirty()} />
      </Stack>
    </form>
  );
}
