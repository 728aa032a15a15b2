<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/** `equipment_status_changed`: staff and `equipment.assigned_user_id` receive it. */
class EquipmentStatusChanged extends HelpDeskEvent
{
    public array $equipment;

    public ?string $newStatus;

    public function __construct(Model|array $equipment, public ?string $oldStatus, ?string $newStatus = null)
    {
        $this->equipment = Attributes::of($equipment, 'equipment');
        $this->newStatus = $newStatus ?? ($this->equipment['status'] ?? null);
        $this->stamp();
    }

    public function type(): string
    {
        return 'equipment_status_changed';
    }

    public function data(): array
    {
        return ['equipment' => $this->equipment, 'old_status' => $this->oldStatus, 'new_status' => $this->newStatus];
    }

    public function requiredFields(): array
    {
        return ['equipment.id', 'old_status', 'new_status'];
    }
}
