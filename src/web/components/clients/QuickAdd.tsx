import { Alert, Anchor, Button, Group, Kbd, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../api/api';
import { defaultClientSettings, useClientSettings } from '../../api/clientMeta';
import type { CreatedClient } from '../../api/clientTypes';
import { useCreateClient } from '../../api/clients';
import { showApiError } from '../formErrors';
import { PhoneField, phoneToE164 } from './PhoneField';

const QuickAddContext = createContext<{ open: () => void }>({ open: () => {} });

/** Opens Quick Add from anywhere: the header button, or the N key outside text fields. */
export const useQuickAdd = () => useContext(QuickAddContext);

export function QuickAddProvider({ children, enabled }: { children: ReactNode; enabled: boolean }) {
  const [opened, setOpened] = useState(false);
  const open = () => enabled && setOpened(true);
  // Mantine's hotkeys ignore key presses inside inputs, so typing an "n" never opens it.
  useHotkeys([['n', open]]);
  return (
    <QuickAddContext.Provider value={{ open }}>
      {children}
      {enabled && <QuickAddModal opened={opened} onClose={() => setOpened(false)} />}
    </QuickAddContext.Provider>
  );
}

export const quickAddHint = (
  <>
    Press <Kbd size="xs">N</Kbd> anywhere
  </>
);

function QuickAddModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateClient();
  const navigate = useNavigate();
  const settings = useClientSettings();
  const [country, setCountry] = useState<string | null>(null);
  const [existingId, setExistingId] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedClient | null>(null);
  const form = useForm({
    initialValues: { type: 'individual', firstName: '', lastName: '', companyName: '', email: '', phone: '' },
    validate: {
      firstName: (v, all) => (all.type === 'individual' && !v.trim() && !all.lastName.trim() ? 'Enter a first or last name' : null),
      companyName: (v, all) => (all.type === 'business' && !v.trim() ? 'Company name is required' : null),
      email: (v, all) => {
        if (!v.trim() && !all.phone.trim()) return 'Enter an e-mail or a phone number';
        return v.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? 'Enter a valid e-mail address, like name@example.com' : null;
      },
    },
  });
  const phoneCountry = country ?? settings.data?.defaultCountry ?? defaultClientSettings.defaultCountry;

  const close = () => {
    form.reset();
    setExistingId(null);
    setCreated(null);
    setCountry(null);
    onClose();
  };

  const submit = form.onSubmit((values) => {
    setExistingId(null);
    const phone = phoneToE164(values.phone, phoneCountry);
    if (!phone.ok) {
      form.setFieldError('phone', phone.message);
      return;
    }
    const business = values.type === 'business';
    create.mutate(
      {
        type: values.type as 'individual' | 'business',
        ...(business ? { companyName: values.companyName.trim() } : { firstName: values.firstName.trim() || null, lastName: values.lastName.trim() || null }),
        ...(values.email.trim() ? { email: values.email.trim() } : {}),
        ...(phone.e164 ? { phone: phone.e164 } : {}),
      },
      {
        onSuccess: (client) => {
          if (client.warnings?.length) {
            setCreated(client);
            return;
          }
          notifications.show({ color: 'teal', title: 'Client added', message: `${client.displayName} is in your client list.` });
          close();
          void navigate(`/clients/${client.id}`);
        },
        onError: (error) => {
          if (isApiError(error, 409) && typeof error.problem.existingClientId === 'string') {
            setExistingId(error.problem.existingClientId);
            form.setFieldError('email', 'Another client already has this e-mail');
            return;
          }
          showApiError(error, form, 'Could not add the client');
        },
      },
    );
  });

  return (
    <Modal opened={opened} onClose={close} title="Quick add client" centered>
      {created ? (
        <Stack>
          <Text size="sm">
            <b>{created.displayName}</b> was added.
          </Text>
          {created.warnings!.map((w, i) => (
            <Alert key={i} color="yellow" icon={<IconAlertTriangle size={18} />} title="Possible duplicate">
              {w.message}{' '}
              <Anchor component={Link} to={`/clients/${w.clientId}`} onClick={close}>
                Open the existing client
              </Anchor>
            </Alert>
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Close
            </Button>
            <Button
              data-autofocus
              onClick={() => {
                const id = created.id;
                close();
                void navigate(`/clients/${id}`);
              }}
            >
              Open new client
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <SegmentedControl
              aria-label="Client type"
              data={[
                { value: 'individual', label: 'Individual' },
                { value: 'business', label: 'Business' },
              ]}
              {...form.getInputProps('type')}
            />
            {form.values.type === 'business' ? (
              <TextInput label="Company name" required data-autofocus {...form.getInputProps('companyName')} />
            ) : (
              <Group grow gap="xs" align="flex-start">
                <TextInput label="First name" data-autofocus {...form.getInputProps('firstName')} />
                <TextInput label="Last name" {...form.getInputProps('lastName')} />
              </Group>
            )}
            <TextInput label="Email" type="email" autoComplete="off" {...form.getInputProps('email')} />
            <PhoneField
              label="Phone"
              value={form.values.phone}
              onChange={(v) => form.setFieldValue('phone', v)}
              country={phoneCountry}
              onCountryChange={setCountry}
              error={form.errors.phone as string | undefined}
            />
            {existingId && (
              <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
                This e-mail belongs to a client already.{' '}
                <Anchor component={Link} to={`/clients/${existingId}`} onClick={close}>
                  Open the existing client
                </Anchor>
              </Alert>
            )}
            <Text size="xs" c="dimmed">
              Add the rest later on the client&apos;s page, or use the{' '}
              <Anchor component={Link} to="/clients/new" onClick={close} size="xs">
                full form
              </Anchor>
              .
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Add client
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
